package io.odoobackup.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** The one way the tests wait: a probe polled until what it sees is done, or the time is up (then the last sight is told). */
public final class Await {

    /** What a test looks at while it waits; it may throw (a container that is not up yet, say). */
    public interface Probe<T> {
        T look() throws Exception;
    }

    private Await() {
    }

    /** Polls every 100 ms. */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
        return until(what, timeout, Duration.ofMillis(100), probe, done);
    }

    /** Polls at the given pace (a few milliseconds to catch a short stage). */
    public static <T> T until(String what, Duration timeout, Duration pace, Probe<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T seen = probe.look();
            if (done.test(seen)) {
                return seen;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + timeout.toSeconds() + " s until " + what + "; last seen: " + seen);
            }
            Thread.sleep(pace.toMillis());
        }
    }
}
