package io.odoobackup.api;

/** A 503 problem: the service cannot take the request now, and took nothing of it. */
public class ServiceBusy extends Problem {

    public ServiceBusy(String detail) {
        super(503, "Service Unavailable", detail);
    }
}
