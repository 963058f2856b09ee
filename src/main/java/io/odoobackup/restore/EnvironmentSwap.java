package io.odoobackup.restore;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.VolumesFrom;
import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.ContainerOwnership;
import io.odoobackup.environment.Container;
import io.odoobackup.environment.DockerExec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a prepared restore in place: stops the Odoo container, renames the filestore folders (through a short-lived
 * helper container that mounts the Odoo container's volumes, since a stopped container runs no command) and the
 * databases (both renames in one transaction), and starts Odoo again. Every step looks first at what is there, so
 * that a swap interrupted at any point is finished by running it again.
 */
public final class EnvironmentSwap {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentSwap.class);
    private static final int STOP_SECONDS = 60;

    private final DatabaseLoader databases;
    private final FilestoreUnpacker folders;

    public EnvironmentSwap(DatabaseLoader databases, FilestoreUnpacker folders) {
        this.databases = databases;
        this.folders = folders;
    }

    public void stopOdoo(RestoreJob job) {
        try {
            job.getOdooContainer().engine().client().stopContainerCmd(job.getOdooContainer().id()).withTimeout(STOP_SECONDS).exec();
        } catch (NotModifiedException alreadyStopped) {
            // a swap run again finds it stopped
        }
    }

    public void startOdoo(RestoreJob job) {
        try {
            job.getOdooContainer().engine().client().startContainerCmd(job.getOdooContainer().id()).exec();
        } catch (NotModifiedException alreadyRunning) {
            // a swap run again finds it started
        }
    }

    /** The new filestore in place of the old one; the Odoo container is stopped. */
    public void swapFilestore(RestoreJob job) throws IOException, InterruptedException {
        RestoreJob.Names names = job.getNames();
        Container helper = helper(job);
        try {
            boolean current = exists(helper, names.filestore());
            boolean fresh = exists(helper, names.newFilestore());
            boolean old = exists(helper, names.oldFilestore());
            if (!fresh) {
                return; // swapped already, or no filestore was restored
            }
            if (current && !old) {
                move(helper, names.filestore(), names.oldFilestore());
            }
            move(helper, names.newFilestore(), names.filestore());
        } finally {
            helper.engine().client().removeContainerCmd(helper.id()).withForce(true).exec();
        }
    }

    /** The new database renamed to the environment's, the old one aside, in one transaction. */
    public void swapDatabase(RestoreJob job) throws IOException, InterruptedException {
        RestoreJob.Names names = job.getNames();
        Set<String> present = databases(job);
        if (!present.contains(names.newDb()) && present.contains(names.oldDb())) {
            return; // swapped already
        }
        if (!present.contains(names.newDb())) {
            throw new BackupFailure("The restored database " + names.newDb() + " is missing: nothing to put in place");
        }
        rename(job, present.contains(names.db()) ? names.db() : null, names.oldDb(), names.newDb(), names.db());
    }

    /** The reverse of a swap that was interrupted: the old database and filestore back in place. */
    public void swapBack(RestoreJob job) throws IOException, InterruptedException {
        RestoreJob.Names names = job.getNames();
        Set<String> present = databases(job);
        if (present.contains(names.oldDb()) && !present.contains(names.newDb())) {
            rename(job, names.db(), names.newDb(), names.oldDb(), names.db());
        }
        Container helper = helper(job);
        try {
            if (exists(helper, names.oldFilestore())) {
                if (exists(helper, names.filestore()) && !exists(helper, names.newFilestore())) {
                    move(helper, names.filestore(), names.newFilestore());
                }
                move(helper, names.oldFilestore(), names.filestore());
            }
        } finally {
            helper.engine().client().removeContainerCmd(helper.id()).withForce(true).exec();
        }
    }

    private Set<String> databases(RestoreJob job) throws IOException, InterruptedException {
        RestoreJob.Names names = job.getNames();
        String list = List.of(names.db(), names.newDb(), names.oldDb()).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        return Arrays.stream(databases.psql(job.getDbContainer(), job.getTarget().dbUser(), "postgres",
                "SELECT datname FROM pg_database WHERE datname IN (" + list + ")", "Looking at the databases").split("\n"))
                .map(String::strip).filter(n -> !n.isEmpty()).collect(Collectors.toSet());
    }

    /** first -> firstTo (when first is not null), then second -> secondTo, in one transaction, sessions ended first. */
    private void rename(RestoreJob job, String first, String firstTo, String second, String secondTo) throws IOException, InterruptedException {
        Container db = job.getDbContainer();
        String user = job.getTarget().dbUser();
        String renames = (first == null ? "" : "ALTER DATABASE " + DatabaseLoader.quote(first) + " RENAME TO " + DatabaseLoader.quote(firstTo) + "; ")
                + "ALTER DATABASE " + DatabaseLoader.quote(second) + " RENAME TO " + DatabaseLoader.quote(secondTo) + ";";
        String terminate = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('" + second + "'"
                + (first == null ? "" : ", '" + first + "'") + ") AND pid <> pg_backend_pid()";
        for (int attempt = 1; ; attempt++) {
            try {
                databases.psql(db, user, "postgres", terminate, "Ending the sessions on " + secondTo);
                databases.psql(db, user, "postgres", "BEGIN; " + renames + " COMMIT;", "Renaming the databases");
                return;
            } catch (BackupFailure e) {
                if (attempt == 3 || !e.getMessage().contains("being accessed by other users")) {
                    throw e;
                }
                LOG.warn("Restore {}: a database was in use again; ending its sessions once more", job.getRestoreId());
            }
        }
    }

    /** After the swap: the old database and folder go. What cannot go is logged; the restore stands. */
    public void removeOld(RestoreJob job) {
        try {
            databases.drop(job.getDbContainer(), job.getTarget().dbUser(), job.getNames().oldDb());
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.warn("Restore {}: the old database {} could not be dropped: {}", job.getRestoreId(), job.getNames().oldDb(), e.getMessage());
        }
        if (job.isIncludeFilestore()) {
            try {
                folders.remove(job.getOdooContainer(), job, job.getNames().oldFilestore());
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOG.warn("Restore {}: the old filestore {} could not be removed: {}", job.getRestoreId(),
                        job.getNames().oldFilestore(), e.getMessage());
            }
        }
    }

    /** Before the swap: what the restore made goes, the target stays as it was. */
    public void rollBack(RestoreJob job) throws IOException, InterruptedException {
        if (job.getDbContainer() != null) {
            databases.drop(job.getDbContainer(), job.getTarget().dbUser(), job.getNames().newDb());
        }
        if (job.getOdooContainer() != null && job.isIncludeFilestore()) {
            folders.remove(job.getOdooContainer(), job, job.getNames().newFilestore());
        }
    }

    /**
     * A container from the Odoo container's image with its volumes, waiting for commands: no network, and never more
     * than the Odoo container may do (its user, dropped capabilities, security options and read-only root, plus
     * no-new-privileges). It runs {@code sleep} itself, not the image's entrypoint, which could do anything.
     */
    private Container helper(RestoreJob job) {
        DockerClient client = job.getOdooContainer().engine().client();
        InspectContainerResponse odoo = client.inspectContainerCmd(job.getOdooContainer().id()).exec();
        HostConfig own = odoo.getHostConfig();
        List<String> securityOpts = new ArrayList<>(own.getSecurityOpts() == null ? List.of() : own.getSecurityOpts());
        if (securityOpts.stream().noneMatch(o -> o.startsWith("no-new-privileges"))) {
            securityOpts.add("no-new-privileges:true");
        }
        String id = client.createContainerCmd(odoo.getConfig().getImage())
                .withEntrypoint("sleep")
                .withCmd("600")
                .withUser(odoo.getConfig().getUser())
                .withLabels(Map.of(ContainerOwnership.LABEL, job.getTarget().organizationId(), "odoo-backup.role", "restore-helper"))
                .withHostConfig(HostConfig.newHostConfig().withVolumesFrom(new VolumesFrom(odoo.getId())).withNetworkMode("none")
                        .withCapDrop(own.getCapDrop()).withSecurityOpts(securityOpts)
                        .withReadonlyRootfs(Boolean.TRUE.equals(own.getReadonlyRootfs())).withPrivileged(false))
                .exec().getId();
        client.startContainerCmd(id).exec();
        return new Container(id, "restore helper of " + job.getOdooContainer().name(), job.getOdooContainer().engine());
    }

    private boolean exists(Container helper, String path) throws IOException, InterruptedException {
        return helper.run(List.of("test", "-e", path), OutputStream.nullOutputStream()).exitCode() == 0;
    }

    private void move(Container helper, String from, String to) throws IOException, InterruptedException {
        DockerExec.Result result = helper.run(List.of("mv", "-T", "--", from, to), OutputStream.nullOutputStream());
        if (result.exitCode() != 0) {
            throw new BackupFailure("Renaming " + from + " to " + to + " failed " + result.describe());
        }
    }
}
