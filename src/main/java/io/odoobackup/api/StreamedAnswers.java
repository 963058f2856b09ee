package io.odoobackup.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of answers that stream (downloads in every format, task event streams): a bounded pool of their own,
 * so that a stream whose source stalls, or a tenant who opens many, never parks a thread the rest of the API needs
 * (platform-http reads a streamed body on Vert.x's worker pool, in order per event loop). A request past the bound
 * gets 503 at once; one organization holds at most a share of the pool, past it 429.
 */
public final class StreamedAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedAnswers.class);

    private final ThreadPoolExecutor threads;
    private final int perOrganization;
    private final ObjectMapper json;
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();

    public StreamedAnswers(int size, int perOrganization, ObjectMapper json) {
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "streamed-answer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.threads.allowCoreThreadTimeOut(true);
        this.perOrganization = perOrganization;
        this.json = json;
    }

    /** Runs {@code answer} on a thread of the pool, or answers 503 when every thread is busy. */
    public void submit(RoutingContext context, Runnable answer) {
        try {
            threads.execute(() -> {
                try {
                    answer.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("A streamed answer to {} failed: {}", context.request().path(), e.toString());
                    if (!context.response().headWritten()) {
                        new Problem(500, "Internal Server Error", "The service failed to answer this request; it is logged")
                                .send(context.response(), json);
                    } else {
                        context.response().reset(2); // HTTP/2 INTERNAL_ERROR; HTTP/1.1 closes the connection
                    }
                }
            });
        } catch (RejectedExecutionException busy) {
            new Problem(503, "Service Unavailable", "The service is streaming " + threads.getMaximumPoolSize()
                    + " downloads and event streams at once: try again in a minute").send(context.response(), json);
        }
    }

    /** Takes one of the organization's places; false when it already holds its share. */
    public boolean enter(String organizationId) {
        AtomicInteger count = held.computeIfAbsent(organizationId, id -> new AtomicInteger());
        if (count.incrementAndGet() > perOrganization) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void leave(String organizationId) {
        held.get(organizationId).decrementAndGet();
    }

    public int perOrganization() {
        return perOrganization;
    }

    public void stop() {
        threads.shutdownNow();
    }
}
