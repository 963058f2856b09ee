package io.odoobackup.environment;

import io.odoobackup.api.Problem;

/**
 * A Docker host that is not registered or does not answer: the work that needs it fails at once, naming it, and a
 * request that needs it is answered 502.
 */
public final class HostUnavailable extends Problem {

    public HostUnavailable(String message) {
        super(502, "Bad Gateway", message);
    }
}
