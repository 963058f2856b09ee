package io.odoobackup.backup;

import io.odoobackup.api.Problem;
import io.odoobackup.environment.Container;
import io.odoobackup.environment.Environment;
import io.odoobackup.environment.Inspected;
import io.odoobackup.security.Principal;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Which organization a container belongs to: the Docker label {@code odoo-backup.organization}
 * (docs/api.md §3). Checked when an environment is registered and again before every backup, which then
 * reads the container by the id checked here, so a container swapped in under the same name is never read.
 */
public final class ContainerOwnership {

    public static final String LABEL = "odoo-backup.organization";

    /**
     * At registration of the environment record in the body: an organization's token may register only
     * containers carrying its label; the admin token may also register unlabelled ones, and the record says so.
     */
    @SuppressWarnings("unchecked")
    public void forRegistration(Inspected container, Exchange exchange) {
        Principal principal = exchange.getProperty("principal", Principal.class);
        Map<String, Object> record = exchange.getProperty("environmentRecord", Map.class);
        String organization = (String) record.get("organization_id");
        String name = exchange.getProperty("container", String.class);
        String label = container == null ? null : label(container.response());
        if (organization.equals(label)) {
            return;
        }
        if (principal.isAdmin()) {
            if (container == null) {
                throw Problem.badRequest("Container " + name + " does not exist: start the environment's containers first,"
                        + " or name them with odoo_container and db_container");
            }
            if (label == null) {
                record.put("allow_unlabelled", true);
                return;
            }
            throw Problem.badRequest("Container " + name + " carries the label " + LABEL + "=" + label
                    + ", not " + organization + ": it belongs to another organization");
        }
        // the same answer whether the container is missing or another organization's: no probing of names
        throw new Problem(403, "Forbidden", "Container " + name + " does not exist or does not carry the label "
                + LABEL + "=" + organization + ": an organization's token registers only its own containers");
    }

    /** Before a backup: the container exists, runs and is still the organization's; the job keeps its id. */
    public void forBackup(Inspected container, BackupJob job, String role) {
        Container checked = checked(container, job.getEnvironment(), role);
        if (role.equals("db")) {
            job.setDbContainer(checked);
        } else {
            job.setOdooContainer(checked);
            if (job.getOdooImage() == null) {
                job.setOdooImage(container.response().getConfig().getImage());
            }
        }
    }

    /**
     * Before a backup or restore: the environment's container of the role ("db" or "odoo") exists, runs and is
     * still the organization's; the container by the id that was checked.
     */
    public Container checked(Inspected container, Environment env, String role) {
        Container owned = owned(container, env, role);
        if (!Boolean.TRUE.equals(container.response().getState().getRunning())) {
            throw new BackupFailure("Container " + owned.name() + " is not running: start it (docker start " + owned.name()
                    + "), then try again");
        }
        return owned;
    }

    /** The container exists and is the organization's, running or not (a restore may have stopped it). */
    public Container owned(Inspected container, Environment env, String role) {
        String name = role.equals("db") ? env.dbContainer() : env.odooContainer();
        if (container == null) {
            throw new BackupFailure("Container Not Found: " + name);
        }
        String label = label(container.response());
        if (!env.organizationId().equals(label) && !(label == null && env.unlabelledAllowed())) {
            throw new BackupFailure("Container " + name + " does not carry the label " + LABEL + "=" + env.organizationId()
                    + ": it is not this organization's container, so nothing was read from it or written to it");
        }
        return container.container(name);
    }

    private static String label(com.github.dockerjava.api.command.InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
        return labels == null ? null : labels.get(LABEL);
    }
}
