package io.odoobackup.backup;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the parallel stages of a backup (the dump beside the archive and its upload): their results live on the
 * shared job, and any stage's failure fails the whole, once every stage has stopped.
 */
public final class KeepFailure implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (oldExchange == null) {
            return newExchange;
        }
        if (oldExchange.getException() == null && newExchange.getException() != null) {
            oldExchange.setException(newExchange.getException());
        }
        return oldExchange;
    }
}
