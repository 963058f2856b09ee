package io.odoobackup.backup;

/** What a task reports on: a backup, a restore or a restore check. */
public interface TaskOwner {

    String getTaskId();

    /** How its messages name it: "Backup", "Restore", "Restore check". */
    String taskLabel();

    /** Where its stages stand on its progress. */
    ProgressPlan progressPlan();
}
