package io.odoobackup.backup;

import io.odoobackup.retention.RetentionType;
import java.time.Instant;

/**
 * What was asked of a backup: by an API call, a queue message, a schedule or a restore (read by
 * {@link BackupRecords#read}), or again from its record when a worker of any instance runs it
 * ({@link BackupRecords#fromRecord}). It does not change while the backup runs; what the backup makes is on its
 * {@link BackupJob}.
 *
 * @param retention   the tier asked for, or null for the policy's GFS tier
 * @param requestedBy the token that asked ("policy" for a schedule)
 * @param holder      the restore whose worker runs this backup at once (a pre-restore backup), or null: queued
 * @param plannedAt   when a scheduled backup may start (null: at once); {@code windowEnd} when its window ends
 * @param attempt     which attempt of a scheduled backup this is
 */
public record BackupRequest(BackupType type, boolean includeFilestore, RetentionType retention, String requestedBy,
                            String correlationId, String holder, boolean verifyAfter, Instant plannedAt, Instant windowEnd,
                            int attempt) {

    /** A backup made again from its record: queued, its first attempt as far as running it goes. */
    public static BackupRequest recorded(BackupType type, boolean includeFilestore, RetentionType retention, String requestedBy,
                                         String correlationId, boolean verifyAfter) {
        return new BackupRequest(type, includeFilestore, retention, requestedBy, correlationId, null, verifyAfter, null, null, 1);
    }
}
