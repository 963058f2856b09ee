package io.odoobackup.restore;

import io.odoobackup.backup.ContainerOwnership;
import io.odoobackup.backup.ProgressPlan;
import io.odoobackup.backup.TaskOwner;
import io.odoobackup.environment.DockerHosts;
import java.util.Map;

/**
 * Restores that an instance left unfinished: one that had begun its swap is finished (its new database and
 * filestore were complete before the swap began), any other is rolled back. Either way the target ends whole,
 * in the new state or the old one, never a mix.
 */
public final class RestoreRecovery {

    private final RestoreRecords records;
    private final DockerHosts hosts;
    private final ContainerOwnership ownership;
    private final EnvironmentSwap swap;

    public RestoreRecovery(RestoreRecords records, DockerHosts hosts, ContainerOwnership ownership, EnvironmentSwap swap) {
        this.records = records;
        this.hosts = hosts;
        this.ownership = ownership;
        this.swap = swap;
    }

    /** The job of a claimed restore record, with the target's containers found and checked again. */
    public RestoreJob job(Map<String, Object> restore, Map<String, Object> backup, Map<String, Object> environment) {
        RestoreJob job = records.fromRecord(restore, backup, environment);
        job.setDbContainer(ownership.checked(hosts.inspect(job.getTarget().dockerHostId(), job.getTarget().dbContainer()), job.getTarget(), "db"));
        job.setOdooContainer(ownership.owned(hosts.inspect(job.getTarget().dockerHostId(), job.getTarget().odooContainer()), job.getTarget(), "odoo"));
        return job;
    }

    public void finish(RestoreJob job) throws Exception {
        swap.stopOdoo(job);
        if (job.isIncludeFilestore()) {
            swap.swapFilestore(job);
        }
        swap.swapDatabase(job);
        swap.startOdoo(job);
        swap.removeOld(job);
    }

    /** Before the swap nothing of the target changed (Odoo was never stopped): what the restore made goes. */
    public void rollBack(RestoreJob job) throws Exception {
        swap.rollBack(job);
    }

    /** Why a rolled-back restore failed: the failure its instance recorded before its undo failed, or the stop of that instance. */
    public String failure(Map<String, Object> claimed) {
        Object recorded = claimed.get("error_message");
        return (recorded == null ? "Restore interrupted: the service instance running it stopped before the swap"
                : recorded.toString()) + "; what the restore had made was removed and the target is as it was";
    }

    /** The task of a claimed restore record, for failing one whose target is not the backup's organization's. */
    public TaskOwner taskOf(Map<String, Object> claimed) {
        String label = "check".equals(claimed.get("kind")) ? "Restore check" : "Restore";
        String taskId = (String) claimed.get("task_id");
        return new TaskOwner() {
            @Override
            public String getTaskId() {
                return taskId;
            }

            @Override
            public String taskLabel() {
                return label;
            }

            @Override
            public ProgressPlan progressPlan() {
                return ProgressPlan.RESTORE;
            }
        };
    }
}
