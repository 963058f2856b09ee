package io.odoobackup.backup;

import java.util.Map;

/**
 * Where each stage of a kind of task stands on its progress from 0 to 100, in one place per kind: the routes enter
 * a named point ({@code taskProgress.enter(job, 'packaging')}), the streaming beans move through a range as their
 * bytes flow. A task's progress never goes back (TaskProgress keeps the highest figure), so the points of a kind
 * rise in the order its stages run.
 */
public final class ProgressPlan {

    /** A stage begun or ended: the step it reports, its figure, its message. */
    public record Point(String step, int progress, String message) {
    }

    /** A stage whose bytes (or parts side by side) move the task from {@code from} to {@code to}. */
    public record Range(String step, int from, int to) {

        /** The figure once {@code done} of {@code total} has moved ({@code from} while the total is unknown). */
        public int at(long done, long total) {
            return total > 0 ? from + (int) ((to - from) * Math.min(1.0, (double) done / total)) : from;
        }
    }

    private final String kind;
    private final Map<String, Point> points;

    private ProgressPlan(String kind, Map<String, Point> points) {
        this.kind = kind;
        this.points = points;
    }

    public Point point(String name) {
        Point point = points.get(name);
        if (point == null) {
            throw new IllegalArgumentException("The progress plan of a " + kind + " has no point " + name);
        }
        return point;
    }

    public static final ProgressPlan BACKUP = new ProgressPlan("backup", Map.of(
            "initializing", new Point("initialize", 10, "Initializing backup..."),
            "initialized", new Point("initialize", 10, "Initialized"),
            "manifest", new Point("manifest", 70, "Creating manifest..."),
            "packaging", new Point("package", 70, "Packaging backup..."),
            "uploading", new Point("upload", 80, "Backup packaged; uploading its last bytes..."),
            "verifying", new Point("verify", 95, "Verifying backup..."),
            "copying", new Point("verify", 96, "Copying to the second storage..."),
            "verifying-copy", new Point("verify", 99, "Verifying the copy...")));
    /** The dump and the filestore side by side, between "initialized" and "manifest". */
    public static final Range BACKUP_DATA = new Range(null, 10, 70);
    /** The dump alone, when the backup leaves the filestore out. */
    public static final Range BACKUP_DATABASE_ONLY = new Range(null, 10, 50);
    /** The rest of the dump and the manifest into the archive. */
    public static final Range BACKUP_PACKAGING = new Range("package", 70, 80);
    /** The copy to a second storage. */
    public static final Range BACKUP_COPYING = new Range("verify", 96, 99);

    /** A restore, and a restore check (which shares its first stages and counts at "counting"). */
    public static final ProgressPlan RESTORE = new ProgressPlan("restore", Map.ofEntries(
            Map.entry("initializing", new Point("initialize", 2, "Initializing restore...")),
            Map.entry("initialized", new Point("initialize", 5, "Initialized")),
            Map.entry("pre-restore", new Point("pre_restore", 5, "Backing up the target before restoring...")),
            Map.entry("pre-restore-done", new Point("pre_restore", 30, "Target backed up")),
            Map.entry("fetching", new Point("fetch", 30, "Fetching the backup...")),
            Map.entry("checking", new Point("check", 40, "Checking every checksum of the backup...")),
            Map.entry("swapping", new Point("swap", 88, "Stopping Odoo and putting the restored data in place...")),
            Map.entry("swapped", new Point("swap", 95, "Odoo started on the restored data")),
            Map.entry("cleanup", new Point("cleanup", 96, "Removing the old database and filestore...")),
            Map.entry("counting", new Point("check", 90, "Counting rows and files...")),
            Map.entry("undoing", new Point("undo", 0, "Undoing the restore..."))));
    /** The backup's bytes from storage. */
    public static final Range RESTORE_FETCHING = new Range("fetch", 30, 40);
    /** The database loaded and the filestore unpacked side by side. */
    public static final Range RESTORE_DATA = new Range(null, 45, 88);

    /** A rescan of a storage: its objects read one by one. */
    public static final ProgressPlan RESCAN = new ProgressPlan("rescan", Map.of());
    public static final Range RESCAN_READING = new Range("read", 0, 99);
}
