package io.odoobackup.backup;

import io.odoobackup.platform.Sizes;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * One progress figure for parts that run side by side (a backup's dump and filestore archive, a restore's
 * database load and filestore unpack): each part reports its bytes against an estimate of its size, and the
 * task moves from {@code from} to {@code to} by the bytes of all parts together, with the time left at their
 * joint speed. Without this each part would report its own range and the highest figure would hide the other.
 */
public final class ParallelProgress {

    private final TaskProgress progress;
    private final TaskOwner job;
    private final int from;
    private final int to;
    private final String verb;
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long lastReport = started;

    private static final class Part {
        final String noun;
        final long estimate;
        long bytes;
        boolean done;

        Part(String noun, long estimate) {
            this.noun = noun;
            this.estimate = estimate;
        }

        /** What the part will come to: its bytes once done, else its estimate (or a little more than it has). */
        long expected() {
            return done ? bytes : Math.max(estimate, bytes + bytes / 20);
        }
    }

    ParallelProgress(TaskProgress progress, TaskOwner job, int from, int to, String verb) {
        this.progress = progress;
        this.job = job;
        this.from = from;
        this.to = to;
        this.verb = verb;
    }

    /** A part of the stage named by its step ("database", "filestore"), of about {@code estimate} bytes (-1: unknown). */
    public synchronized ParallelProgress part(String step, String noun, long estimate) {
        parts.put(step, new Part(noun, Math.max(0, estimate)));
        return this;
    }

    /** Tells the task the stage has begun, with what it expects to move. */
    public synchronized void begin() throws SQLException {
        long expected = parts.values().stream().mapToLong(Part::expected).sum();
        progress.stage(job, parts.keySet().iterator().next(), from, String.format(Locale.ROOT, "%s %s (about %s)...", verb,
                nouns(parts.values().stream().toList()), Sizes.human(expected)));
    }

    /** The listener a part's stream reports its bytes so far to. */
    public LongConsumer listener(String step) {
        return bytes -> {
            synchronized (this) {
                parts.get(step).bytes = bytes;
                long now = System.nanoTime();
                if (now - lastReport >= TaskProgress.REPORT_EVERY_NANOS) {
                    lastReport = now;
                    report(now);
                }
            }
        };
    }

    /** The part has moved all its bytes (the last its listener heard). */
    public synchronized void done(String step) {
        parts.get(step).done = true;
        report(System.nanoTime());
    }

    private void report(long now) {
        List<Part> running = parts.values().stream().filter(p -> !p.done).toList();
        long moved = parts.values().stream().mapToLong(p -> p.bytes).sum();
        long expected = Math.max(1, parts.values().stream().mapToLong(Part::expected).sum());
        String step = parts.entrySet().stream().filter(e -> !e.getValue().done).map(Map.Entry::getKey).findFirst().orElse(null);
        try {
            if (step == null) {
                progress.stage(job, parts.keySet().stream().reduce((a, b) -> b).orElseThrow(), to,
                        String.format(Locale.ROOT, "%s %s done: %s", verb, nouns(List.copyOf(parts.values())), Sizes.human(moved)));
                return;
            }
            double speed = moved / Math.max(0.001, (now - started) / 1e9);
            int value = from + (int) Math.min(to - from - 1, (to - from) * (double) moved / expected);
            progress.stage(job, step, value, String.format(Locale.ROOT, "%s %s: %s of about %s, %s/s%s", verb,
                    nouns(running), Sizes.human(moved), Sizes.human(expected), Sizes.human((long) speed),
                    TaskProgress.eta(moved, expected, now - started)));
        } catch (SQLException e) {
            // a missed progress report must not fail the work; the next one or the stage's end follows
        }
    }

    private static String nouns(List<Part> parts) {
        return parts.stream().map(p -> p.noun).collect(Collectors.joining(" and "));
    }
}
