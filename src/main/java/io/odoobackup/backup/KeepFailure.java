package io.odoobackup.backup;

import io.odoobackup.platform.BytePipe;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the parallel stages of a backup (the dump beside the upload, the archive beside its upload): their results
 * live on the shared job, and any stage's failure fails the whole, once every stage has stopped. Where one side of
 * the archive's pipe failed only because the other did, the other's failure is the one kept.
 */
public final class KeepFailure implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (oldExchange == null) {
            return newExchange;
        }
        Exception kept = oldExchange.getException();
        Exception next = newExchange.getException();
        // the archive and its upload fail together: the failure that matters is the one the other only echoes
        if (next != null && (kept == null || BytePipe.echo(kept) && !BytePipe.echo(next))) {
            oldExchange.setException(next);
        }
        return oldExchange;
    }
}
