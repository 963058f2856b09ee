package io.odoobackup.security;

/** A caller without a valid token (401) or without the permission it needs (403); the message says which. */
public class AccessDenied extends RuntimeException {

    private final boolean unauthenticated;

    private AccessDenied(boolean unauthenticated, String message) {
        super(message, null, false, false);
        this.unauthenticated = unauthenticated;
    }

    static AccessDenied unauthenticated(String message) {
        return new AccessDenied(true, message);
    }

    static AccessDenied forbidden(String message) {
        return new AccessDenied(false, message);
    }

    /** True for a missing, unknown or revoked token (401); false for one that may not do this (403). */
    public boolean unauthenticated() {
        return unauthenticated;
    }
}
