package io.odoobackup.work;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * One piece of accepted work as the shared queue holds it (sql/work-claim.sql): a backup, a restore or a restore
 * check, by the id of its record, with when it may start, for a scheduled backup when its window ends, and whose
 * request it is (it was authorized when it was accepted; the work acts for that caller in the item's organization).
 */
public record WorkItem(String id, String kind, String organizationId, String environmentId, Instant plannedAt,
                       boolean scheduled, Instant windowEnd, int attempt, String requestedBy) {

    public static WorkItem fromRow(Map<String, Object> row) {
        return new WorkItem((String) row.get("id"), (String) row.get("kind"), (String) row.get("organization_id"),
                (String) row.get("environment_id"), instant(row.get("planned_at")), Boolean.TRUE.equals(row.get("scheduled")),
                instant(row.get("window_end")), ((Number) row.get("attempt")).intValue(), (String) row.get("requested_by"));
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    public boolean isBackup() {
        return kind.equals("backup");
    }

    /** What it is, in words: "backup", "restore" or "restore check". */
    public String label() {
        return kind.equals("check") ? "restore check" : kind;
    }

    /** A scheduled backup that starts now starts after its window: late. */
    public boolean lateAt(Instant now) {
        return scheduled && windowEnd != null && now.isAfter(windowEnd);
    }
}
