package io.odoobackup.operations;

import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * BACKUP_METRICS_TOKEN: /observe/metrics on the management port answers only a request that carries it as a bearer
 * token (a scraper's {@code authorization: {credentials: ...}}). Health stays open for probes. A handler of its own
 * in front of the metrics route, as Camel's management server offers basic and JWT authentication only.
 */
public final class MetricsAuth {

    private MetricsAuth() {
    }

    public static void register(CamelContext camel, int managementPort, String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
        router.route("/observe/metrics*").order(-1000).handler(context -> {
            String given = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                context.next();
                return;
            }
            context.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("metrics need the bearer token BACKUP_METRICS_TOKEN\n");
        });
    }
}
