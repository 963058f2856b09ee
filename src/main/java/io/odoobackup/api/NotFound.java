package io.odoobackup.api;

/** A 404 problem whose detail a route builds (the YAML DSL's throwException takes a message only). */
public class NotFound extends Problem {

    public NotFound(String detail) {
        super(404, "Not Found", detail);
    }
}
