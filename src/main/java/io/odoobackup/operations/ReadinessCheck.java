package io.odoobackup.operations;

import io.odoobackup.platform.Causes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One thing the service cannot work without (docs/api.md §11), asked with a time limit: ready while it answers.
 * Readiness only: a service waiting for its database is alive and must not be restarted for it.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    /** The question: returns normally when the part answers, throws saying why not. */
    public interface Probe {
        void ask() throws Exception;
    }

    private final Probe probe;

    public ReadinessCheck(String id, Probe probe) {
        super("odoo-backup", id);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
            try {
                probe.ask();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            answer.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            builder.up();
        } catch (TimeoutException e) {
            answer.cancel(true);
            builder.message("no answer within " + ANSWER_WITHIN.toSeconds() + " seconds").down();
        } catch (ExecutionException e) {
            builder.message(Causes.describe(e.getCause())).down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("interrupted").down();
        }
    }
}
