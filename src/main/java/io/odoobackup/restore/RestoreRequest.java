package io.odoobackup.restore;

/**
 * What was asked of a restore or a restore check: read once from the request ({@link RestoreRecords#read}), or again
 * from its record when a worker of any instance runs it.
 *
 * @param kind "restore" (into the target environment, atomically swapped) or "check" (into a scratch database)
 */
public record RestoreRequest(String kind, boolean includeFilestore, boolean preRestoreBackup) {

    public static RestoreRequest restore(boolean includeFilestore, boolean preRestoreBackup) {
        return new RestoreRequest("restore", includeFilestore, preRestoreBackup);
    }

    /** A check loads the dump only and touches nothing of the environment's own: nothing to back up first. */
    public static RestoreRequest check() {
        return new RestoreRequest("check", false, false);
    }

    public boolean isCheck() {
        return "check".equals(kind);
    }
}
