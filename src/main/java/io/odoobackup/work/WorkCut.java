package io.odoobackup.work;

/**
 * A work item ended because the service's stop cut it off: nothing about it is recorded now (no failure, no undo);
 * its record keeps its lease, and the next start (or another instance, once the lease runs out) ends it.
 */
public final class WorkCut extends RuntimeException {

    public WorkCut(String message) {
        super(message, null, false, false);
    }
}
