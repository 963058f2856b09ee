package io.odoobackup.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The web console (docs/api.md §12): three files from the jar (console/ on the classpath), served at / on the API's
 * port. They are read once into memory and served by name only (no path from a request reaches a file), with a
 * content security policy that keeps every request on this origin.
 */
public final class ConsoleAssets {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final Map<String, Buffer> contents = new LinkedHashMap<>();

    public ConsoleAssets() {
        FILES.keySet().forEach(name -> contents.put(name, Buffer.buffer(read(name))));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void register(CamelContext camel, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route(HttpMethod.GET, "/").handler(context -> serve(context, "index.html"));
        for (String name : FILES.keySet()) {
            router.route(HttpMethod.GET, "/console/" + name).handler(context -> serve(context, name));
        }
    }

    private void serve(RoutingContext context, String name) {
        context.response()
                .putHeader("Content-Type", FILES.get(name))
                .putHeader("Content-Security-Policy", POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache")
                .end(contents.get(name));
    }
}
