package io.odoobackup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.Stalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and HEAD /api/v1/backups/{id}/download: the route {@code backup-download} decides what is sent (token, record,
 * location, format, range); this writes it, on a thread of {@link StreamedAnswers}, as fast as the client reads.
 * A source that fails before its first byte is answered with problem JSON (502); one that fails later, or moves no
 * byte for BACKUP_STALL_SECONDS, ends the connection without the response's end, so the client sees a broken
 * transfer, never a short file taken for whole. A raw Vert.x route: platform-http would read the stream on Vert.x's
 * shared worker pool, which the rest of the API needs.
 */
public final class Downloads {

    /** The route that decides what a download sends: one of the HTTP API's own (its failures are problem JSON). */
    public static final String ROUTE = "direct:backup-download";

    private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
    private static final int CHUNK = 64 * 1024;
    /** HTTP/2's RST_STREAM code for a stream the server broke off (HTTP/1.1 closes the connection instead). */
    private static final long INTERNAL_ERROR = 2;

    private final CamelContext camel;
    private final ProducerTemplate routes;
    private final StreamedAnswers answers;
    private final Stalls stalls;
    private final ObjectMapper json;

    public Downloads(CamelContext camel, StreamedAnswers answers, Stalls stalls, ObjectMapper json) {
        this.camel = camel;
        this.routes = camel.createProducerTemplate();
        this.answers = answers;
        this.stalls = stalls;
        this.json = json;
    }

    public void register(int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        router.route(HttpMethod.GET, "/api/v1/backups/:id/download").handler(this::handle);
        router.route(HttpMethod.HEAD, "/api/v1/backups/:id/download").handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Map<String, Object> headers = new java.util.HashMap<>();
        headers.put("id", context.pathParam("id"));
        put(headers, "Authorization", request.getHeader("Authorization"));
        put(headers, "Range", request.getHeader("Range"));
        put(headers, "format", request.getParam("format"));
        put(headers, "raw", request.getParam("raw"));
        boolean head = request.method() == HttpMethod.HEAD;
        answers.submit(context, () -> answer(context, headers, head));
    }

    private static void put(Map<String, Object> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    @SuppressWarnings("unchecked")
    private void answer(RoutingContext context, Map<String, Object> headers, boolean head) {
        Exchange done = routes.request(ROUTE, exchange -> exchange.getMessage().setHeaders(headers));
        Message out = done.getMessage();
        int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        HttpServerResponse response = context.response();
        if (done.getException() != null || status >= 300) {
            if (done.getException() != null) {
                LOG.error("Download of backup {} failed before its answer: {}", headers.get("id"), Causes.describe(done.getException()));
                new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged").send(response, json);
            } else {
                response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(out.getBody(String.class));
            }
            return;
        }
        InputStream body = out.getBody(InputStream.class);
        String organization = String.valueOf(done.getProperty("backup", Map.class).get("organization_id"));
        if (!answers.enter(organization)) {
            close(body);
            new Problem(429, "Too Many Requests", "Organization " + organization + " already downloads "
                    + answers.perOrganization() + " backups at once: wait for one to end").send(response, json);
            return;
        }
        try (body) {
            stream(response, out, status, body, head, String.valueOf(headers.get("id")));
        } catch (IOException closing) {
            // the source is done with either way
        } finally {
            answers.leave(organization);
        }
    }

    private void stream(HttpServerResponse response, Message out, int status, InputStream body, boolean head, String backupId) {
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        response.closeHandler(v -> clientGone.complete(null));
        try (Stalls.Watch watch = stalls.watch("download of backup " + backupId, () -> {
            close(body);
            response.reset(INTERNAL_ERROR);
        })) {
            byte[] first = head ? new byte[0] : readSome(body);
            writeHead(response, out, status);
            if (head) {
                response.end();
                return;
            }
            write(response, Buffer.buffer(first), watch, clientGone);
            byte[] chunk = new byte[CHUNK];
            for (int n; (n = body.read(chunk)) >= 0; ) {
                watch.touch();
                write(response, Buffer.buffer(n).appendBytes(chunk, 0, n), watch, clientGone);
            }
            response.end();
        } catch (FirstByteFailed failed) {
            String reason = Causes.rootMessage(failed.getCause()); // the source's own words, its secrets taken out
            LOG.warn("Download of backup {} failed before its first byte: {}", backupId, reason);
            new Problem(502, "Bad Gateway", "Backup " + backupId + " could not be read from storage (" + reason
                    + "). Nothing was sent; try again, or check the storage (POST .../test)").send(response, json);
        } catch (Exception | Error e) {
            if (!clientGone.isDone()) {
                String reason = Causes.rootMessage(e);
                LOG.warn("Download of backup {} broken off: {}", backupId, reason);
            }
            response.reset(INTERNAL_ERROR); // no end of the response: the client sees a broken transfer
        }
    }

    /** The first bytes (up to a chunk, or to the end of a short stream), before anything is answered. */
    private static byte[] readSome(InputStream body) throws FirstByteFailed {
        try {
            byte[] first = new byte[CHUNK];
            int n = body.read(first);
            return n < 0 ? new byte[0] : java.util.Arrays.copyOf(first, n);
        } catch (Exception | Error e) {
            throw new FirstByteFailed(e);
        }
    }

    private static void writeHead(HttpServerResponse response, Message out, int status) {
        response.setStatusCode(status);
        boolean length = false;
        for (Map.Entry<String, Object> header : out.getHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (ResponseHeaders.SENT.contains(name) && header.getValue() != null) {
                response.putHeader(header.getKey(), header.getValue().toString());
                length |= name.equals("content-length");
            }
        }
        // one of the two, never both: a length when it is known ahead, else chunks
        response.setChunked(!length);
    }

    /** Writes a chunk, then waits while the client's connection holds too much unsent (a slow reader). */
    private void write(HttpServerResponse response, Buffer chunk, Stalls.Watch watch, CompletableFuture<Void> clientGone)
            throws Exception {
        if (clientGone.isDone()) {
            throw new IOException("the client closed the connection");
        }
        response.write(chunk);
        if (response.writeQueueFull()) {
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(v -> drained.complete(null));
            if (response.writeQueueFull()) {
                watch.waiting(true); // a slow client is not a stalled source
                try {
                    CompletableFuture.anyOf(drained, clientGone).get(stalls.limit().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException slow) {
                    throw new IOException("the client read nothing for " + stalls.limit().toSeconds() + " seconds");
                } finally {
                    watch.waiting(false);
                }
            }
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException | RuntimeException ignored) {
            // it is given up either way
        }
    }

    /** The source failed before the answer began: a problem can still be answered. */
    private static final class FirstByteFailed extends Exception {
        FirstByteFailed(Throwable cause) {
            super(cause);
        }
    }
}
