package io.odoobackup.api;

/** A 400 problem whose detail a route builds (the YAML DSL's throwException takes a message only). */
public class BadRequest extends Problem {

    public BadRequest(String detail) {
        super(400, "Bad Request", detail);
    }
}
