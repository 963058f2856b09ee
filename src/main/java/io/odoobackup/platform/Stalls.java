package io.odoobackup.platform;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns hangs into failures: a transfer or a command in a container that moves no byte for
 * BACKUP_STALL_SECONDS has its connection closed by one watchdog thread, and then fails as "stalled". A stop that
 * cuts running work off closes them all the same way ({@link #cutAll}).
 */
public final class Stalls extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Stalls.class);

    private final Duration limit;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;
    private volatile String cutReason;

    public Stalls(Duration limit) {
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    /** Watches one transfer: {@code abort} runs once, on the watchdog thread, when it stalls. */
    public Watch watch(String what, Runnable abort) {
        Watch watch = new Watch(what, abort);
        watches.add(watch);
        if (cutReason != null) { // a transfer begun after the cut ends at once too
            cut(watch);
        }
        return watch;
    }

    /**
     * The service stops and its running work is cut off: every watched transfer and command is aborted now, and any
     * begun from now on at once, so that the work's threads end within moments instead of finishing their bytes.
     */
    public void cutAll(String reason) {
        cutReason = reason;
        watches.forEach(this::cut);
    }

    private void cut(Watch watch) {
        if (watch.stalled.compareAndSet(false, true)) {
            watch.cut = true;
            abort(watch);
        }
    }

    private void abort(Watch watch) {
        try {
            watch.abort.run();
        } catch (RuntimeException e) {
            LOG.warn("Aborting a transfer failed: {}", e.toString());
        }
        watches.remove(watch);
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "stall-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, Math.min(1000, limit.toMillis() / 4));
        timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Watch watch : watches) {
            if (!watch.waiting && now - watch.last > limit.toNanos() && watch.stalled.compareAndSet(false, true)) {
                LOG.warn("Stalled: {} for {} seconds; aborting it", watch.what, limit.toSeconds());
                abort(watch);
            }
        }
    }

    /** One watched transfer: touched whenever bytes move, closed when it ends. */
    public final class Watch implements AutoCloseable {

        private final String what;
        private final Runnable abort;
        private final AtomicBoolean stalled = new AtomicBoolean();
        private volatile long last = System.nanoTime();
        private volatile boolean waiting;
        private volatile boolean cut;

        private Watch(String what, Runnable abort) {
            this.what = what;
            this.abort = abort;
        }

        public void touch() {
            last = System.nanoTime();
        }

        /**
         * While true the transfer waits for its own source (an archive still being made), which is no stall of
         * where it goes; the clock starts again when it ends.
         */
        public void waiting(boolean waiting) {
            touch();
            this.waiting = waiting;
        }

        public boolean stalled() {
            return stalled.get();
        }

        /** The failure message of a stalled transfer: "stalled: {what} for N seconds" (or why it was cut off). */
        public String failure() {
            return cut ? what + ": " + cutReason : "stalled: " + what + " for " + limit.toSeconds() + " seconds";
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
