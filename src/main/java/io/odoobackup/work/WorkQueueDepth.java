package io.odoobackup.work;

import io.odoobackup.platform.SqlFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** How many work items wait, on every instance, as the metrics read it: asked of the records at most every few seconds. */
public final class WorkQueueDepth implements Supplier<Number> {

    private static final long FRESH_MS = 5_000;

    private final DataSource dataSource;
    private volatile long readAt;
    private volatile long depth;

    public WorkQueueDepth(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Number get() {
        long now = System.currentTimeMillis();
        if (now - readAt > FRESH_MS) {
            try (Connection c = dataSource.getConnection()) {
                depth = ((Number) SqlFiles.query(c, "work-queued", Map.of()).get(0).get("queued")).longValue();
                readAt = now;
            } catch (SQLException unreadable) {
                // the last reading stands; readiness says the records are down
            }
        }
        return depth;
    }
}
