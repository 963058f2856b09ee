package io.odoobackup.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * platform-http's Vert.x engine, pinned to the API's port. With Camel's management server there are two Vert.x
 * servers, and the stock engine, finding no single one, serves the REST routes on port 8080's router (Camel 4.17;
 * CAMEL-25462).
 */
public final class ApiHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public ApiHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
