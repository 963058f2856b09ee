package io.odoobackup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Problem JSON for what the HTTP router answers before any route runs: an unknown path (404), a method the
 * path does not take (405), a body over the limit (413), and any failure no route caught (500). Without
 * these handlers Vert.x answers an HTML page, an empty body and plain text, and logs a 413 as unhandled.
 */
public final class RouterProblems {

    private static final Logger LOG = LoggerFactory.getLogger(RouterProblems.class);

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final int port;

    public RouterProblems(ObjectMapper json, long maxBodyBytes, int port) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.port = port;
    }

    /** On the server's main router: the one in the registry is mounted below it and never sees an unmatched path. */
    public void register(CamelContext camel) {
        // the API's server, not the management server's
        VertxPlatformHttpServer server = camel.hasServices(VertxPlatformHttpServer.class).stream()
                .filter(candidate -> candidate.getServer().actualPort() == port).findFirst().orElseThrow();
        Router router = (Router) server.getServer().requestHandler();
        router.errorHandler(404, context -> answer(context, Problem.notFound("There is no " + context.request().path()
                + ": the API lives under /api/v1 (docs/api.md in the project lists every path), the console at /")));
        router.errorHandler(405, context -> answer(context, new Problem(405, "Method Not Allowed", context.request().method()
                + " is not allowed on " + context.request().path() + ": docs/api.md lists the methods of every path")));
        router.errorHandler(413, context -> answer(context, new Problem(413, "Content Too Large", "The request body is over "
                + maxBodyBytes + " bytes: no request of this API needs more; send the JSON fields the call takes")));
        router.errorHandler(500, context -> {
            if (context.response().headWritten()) { // a stream that failed midway (a damaged download): said where it failed
                LOG.warn("{} {} broken off after its answer had begun: {}", context.request().method(), context.request().path(),
                        context.failure() == null ? "no cause" : context.failure().getMessage());
                context.response().reset();
                return;
            }
            LOG.error("Unexpected error on {} {} ({})", context.request().method(), context.request().path(),
                    context.failure() == null ? "no cause" : context.failure().getClass().getName());
            LOG.debug("Unexpected error detail", context.failure());
            answer(context, new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged"));
        });
    }

    private void answer(RoutingContext context, Problem problem) {
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        problem.send(context.response(), json);
    }
}
