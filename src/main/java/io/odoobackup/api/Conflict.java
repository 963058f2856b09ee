package io.odoobackup.api;

/** A 409 problem whose detail a route builds (the YAML DSL's throwException takes a message only). */
public class Conflict extends Problem {

    public Conflict(String detail) {
        super(409, "Conflict", detail);
    }
}
