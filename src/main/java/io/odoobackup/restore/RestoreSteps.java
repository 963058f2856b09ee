package io.odoobackup.restore;

import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.BackupWorkspace;
import io.odoobackup.backup.ContainerOwnership;
import io.odoobackup.backup.Leases;
import io.odoobackup.copies.Location;
import io.odoobackup.environment.Inspected;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the restore routes do between their stages: workspace, containers, storage, the pre-restore backup, undo. */
public final class RestoreSteps {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreSteps.class);

    private final BackupWorkspace workspace;
    private final ContainerOwnership ownership;
    private final EnvironmentSwap swap;
    private final ProducerTemplate routes;
    private final Leases leases;

    public RestoreSteps(BackupWorkspace workspace, ContainerOwnership ownership, EnvironmentSwap swap, ProducerTemplate routes,
                        Leases leases) {
        this.workspace = workspace;
        this.ownership = ownership;
        this.swap = swap;
        this.routes = routes;
        this.leases = leases;
    }

    /** The stage the restore is about to enter; restore-stage records it. */
    public void stage(RestoreJob job, String stage) {
        job.setStage(stage);
    }

    public void workspace(RestoreJob job) throws java.io.IOException {
        job.setWorkDir(workspace.create(job.getRestoreId()));
    }

    /** The target's container of the role, checked as a backup checks it (exists, runs, is the organization's). */
    public void useContainer(RestoreJob job, Inspected container, String role) {
        if (role.equals("db")) {
            job.setDbContainer(ownership.checked(container, job.getTarget(), "db"));
        } else {
            job.setOdooContainer(ownership.checked(container, job.getTarget(), "odoo"));
        }
    }

    public void useLocations(RestoreJob job, List<Location> locations) {
        job.setLocations(locations);
    }

    /**
     * A pre_restore backup of the target, run here and now (the restore holds the environment), on an exchange
     * of its own so that none of its properties mix with the restore's; its record when it has ended.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> preRestoreBackup(RestoreJob job, Exchange exchange) {
        Exchange done = routes.send("direct:backup-pre-restore", backup -> {
            backup.setProperty("principal", exchange.getProperty("principal"));
            backup.setProperty("organizationScope", exchange.getProperty("organizationScope"));
            backup.setProperty("environmentId", job.getTargetEnvironmentId());
            backup.setProperty("holder", job.getRestoreId());
            backup.setProperty("request", "{\"backup_type\":\"pre_restore\",\"include_filestore\":" + job.isIncludeFilestore() + "}");
        });
        if (done.getException() != null) {
            throw new BackupFailure("The pre-restore backup could not start (" + done.getException().getMessage()
                    + "), so the target was not touched");
        }
        return done.getMessage().getBody(Map.class);
    }

    /**
     * After a failure: before the swap, what the restore made goes; during it, the old database and filestore go
     * back and Odoo starts again. The target is then as it was. Returns null when that worked, else why not: the
     * restore is then left running, unrenewed, for the recovery to finish or roll back once its lease runs out
     * (a container that was gone is usually back by then).
     */
    public String undo(RestoreJob job) {
        try {
            if ("swapping".equals(job.getStage())) {
                swap.swapBack(job);
                swap.startOdoo(job);
            }
            if (!"swapped".equals(job.getStage()) && !"done".equals(job.getStage())) {
                swap.rollBack(job);
            }
            return null;
        } catch (Exception e) {
            LOG.error("Restore {}: undoing it failed ({}); it is tried again when its lease runs out", job.getRestoreId(), e.getMessage());
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** The end of every restore, whatever happened: its working files go, its lease is let go. */
    public void end(RestoreJob job) {
        workspace.clean(job.getWorkDir());
        leases.release(job);
    }
}
