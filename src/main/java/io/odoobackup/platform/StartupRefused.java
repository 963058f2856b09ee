package io.odoobackup.platform;

/** A setting or stored state this instance cannot start with; its message says what to do. */
public class StartupRefused extends RuntimeException {

    public StartupRefused(String message) {
        super(message, null, false, false);
    }
}
