package io.odoobackup.backup;

import io.odoobackup.api.TaskEvents;
import io.odoobackup.platform.Sizes;
import io.odoobackup.platform.SqlFiles;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Moves a backup's or restore's task through its stages (progress 0-100, a message naming the stage, the step)
 * and tells the clients following it. A bean rather than an sql endpoint because the streaming stages
 * report bytes from inside their own code.
 */
public final class TaskProgress {

    /** Bytes in flight are reported at most this often (a progress event per write would flood the records). */
    static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    private final DataSource dataSource;
    private final TaskEvents events;

    public TaskProgress(DataSource dataSource, TaskEvents events) {
        this.dataSource = dataSource;
        this.events = events;
    }

    /**
     * Stages may run side by side (dump and filestore): the task's progress keeps the highest figure, and
     * updates are serialised so that followers get events in the order the record took them.
     */
    public synchronized void stage(TaskOwner job, String step, int progress, String message) throws SQLException {
        // a task already ended (its backup failed as interrupted) takes no more progress: no row, no event
        SqlFiles.first(dataSource, "task-progress", SqlFiles.parameters("progress", progress, "message", message, "step", step,
                "id", job.getTaskId())).ifPresent(row -> events.publish(job.getTaskId(),
                new TaskEvents.Event("task.progress", ((Number) row.get("progress")).intValue(), message, step)));
    }

    /** The routes' way in: a stage begun or ended, at the named point of the task's progress plan. */
    public void enter(TaskOwner job, String point) throws SQLException {
        enter(job, point, job.progressPlan().point(point).message());
    }

    /** As {@link #enter(TaskOwner, String)}, with a message of its own (what is being undone, say). */
    public void enter(TaskOwner job, String point, String message) throws SQLException {
        ProgressPlan.Point at = job.progressPlan().point(point);
        stage(job, at.step(), at.progress(), message);
    }

    /**
     * The progress of bytes moving in a streaming stage, given to the stream as a listener: reported at most
     * once a second, through the range when the total is known (else at its start), with amount, speed and time left.
     */
    public LongConsumer transfer(TaskOwner job, ProgressPlan.Range range, String verb, long total) {
        long started = System.nanoTime();
        long[] last = {started};
        return bytes -> {
            long now = System.nanoTime();
            if (now - last[0] < REPORT_EVERY_NANOS && (total <= 0 || bytes < total)) {
                return;
            }
            last[0] = now;
            double speed = bytes / Math.max(0.001, (now - started) / 1e9);
            String message = total > 0
                    ? String.format(Locale.ROOT, "%s: %s / %s, %s/s%s", verb, Sizes.human(bytes), Sizes.human(total),
                            Sizes.human((long) speed), eta(bytes, total, now - started))
                    : String.format(Locale.ROOT, "%s: %s, %s/s", verb, Sizes.human(bytes), Sizes.human((long) speed));
            try {
                stage(job, range.step(), range.at(bytes, total), message);
            } catch (SQLException e) {
                // a missed progress report must not fail the backup; the next one or the stage's end follows
            }
        };
    }

    /**
     * ", ETA N seconds" once the speed means something (3 seconds and 2% in), else nothing: the first second of a
     * transfer (a connection opening, a dump starting) says nothing about the rest. Nothing either once more has
     * moved than the estimate said: the estimate was wrong, and "0 seconds" would be too.
     */
    static String eta(long moved, long expected, long elapsedNanos) {
        if (elapsedNanos < 3_000_000_000L || moved < expected / 50 || moved >= expected) {
            return "";
        }
        double speed = moved / (elapsedNanos / 1e9);
        return String.format(Locale.ROOT, ", ETA %d seconds", (long) Math.ceil((expected - moved) / Math.max(1, speed)));
    }

    /** A stage whose parts run side by side, moving the task through the range together. */
    public ParallelProgress parallel(TaskOwner job, ProgressPlan.Range range, String verb) {
        return new ParallelProgress(this, job, range.from(), range.to(), verb);
    }

    public void completed(TaskOwner job) throws SQLException {
        completed(job, job.taskLabel() + " completed", null);
    }

    /** The task completes with its own message and, for a task whose outcome is figures (a rescan), a JSON result. */
    public void completed(TaskOwner job, String message, String result) throws SQLException {
        if (SqlFiles.update(dataSource, "task-completed", SqlFiles.parameters("message", message, "result", result,
                "id", job.getTaskId())) > 0) {
            events.publish(job.getTaskId(), new TaskEvents.Event("task.completed", 100, message, "complete"));
        }
    }

    /** The task fails at the step it had reached, which its event names too. */
    public void failed(TaskOwner job, String reason) throws SQLException {
        // a reason that names the task already ("Restore interrupted: ...") is not prefixed with it again
        String message = reason.startsWith(job.taskLabel() + " ") ? reason : job.taskLabel() + " failed: " + reason;
        SqlFiles.first(dataSource, "task-failed", SqlFiles.parameters("message", message, "id", job.getTaskId()))
                .ifPresent(row -> events.publish(job.getTaskId(), new TaskEvents.Event("task.failed", -1, message, (String) row.get("step"))));
    }
}
