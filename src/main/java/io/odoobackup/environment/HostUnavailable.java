package io.odoobackup.environment;

/** A Docker host that is not registered or does not answer: the work that needs it fails at once, naming it. */
public final class HostUnavailable extends RuntimeException {

    public HostUnavailable(String message) {
        super(message);
    }
}
