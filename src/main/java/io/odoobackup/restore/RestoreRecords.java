package io.odoobackup.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.environment.Environment;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/** Turns a restore request into a {@link RestoreJob}, and a job into the rows that record it. */
public final class RestoreRecords {

    private final ObjectMapper json;

    public RestoreRecords(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads the request (exchange property {@code request}) for the backup row in exchangeProperty.backup:
     * leaves the target environment's id as exchangeProperty.environmentId, to be loaded (and its organization
     * checked) next.
     */
    public void read(Exchange exchange) {
        Map<String, Object> backup = completed(exchange, "restored");
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class),
                Set.of("target_environment_id", "include_filestore", "pre_restore_backup"), "in a restore request");
        exchange.setProperty("environmentId", body.text("target_environment_id", Names.ID, Names.ID_HINT)
                .orElse((String) backup.get("environment_id")));
        exchange.setProperty("restoreRequest", RestoreRequest.restore(body.bool("include_filestore").orElse(true),
                body.bool("pre_restore_backup").orElse(true)));
    }

    /** The job for the loaded target environment (exchangeProperty.environment), which must be the backup's organization's. */
    @SuppressWarnings("unchecked")
    public RestoreJob job(Exchange exchange) {
        Map<String, Object> backup = exchange.getProperty("backup", Map.class);
        Environment target = ofBackupsOrganization(backup, exchange.getProperty("environment", Map.class), "restored");
        String id = UUID.randomUUID().toString();
        return new RestoreJob(id, exchange.getProperty("restoreRequest", RestoreRequest.class), UUID.randomUUID().toString(), backup,
                target, RestoreJob.Names.of(id, target, "restore"), "queued");
    }

    /**
     * A restore check of the backup in exchangeProperty.backup, in its own environment (exchangeProperty.environment):
     * its dump goes into a scratch database there, counted and dropped.
     */
    @SuppressWarnings("unchecked")
    public RestoreJob check(Exchange exchange) {
        Map<String, Object> backup = completed(exchange, "checked");
        Environment environment = ofBackupsOrganization(backup, exchange.getProperty("environment", Map.class), "checked");
        String id = UUID.randomUUID().toString();
        return new RestoreJob(id, RestoreRequest.check(), UUID.randomUUID().toString(), backup, environment,
                RestoreJob.Names.of(id, environment, "verify"), "queued");
    }

    /**
     * The environment a backup is restored into or checked in, which must be of the backup's organization whoever asks,
     * the admin token included: an environment id that another organization registered after the backup's own
     * environment was deleted names that organization's containers, which never see another's data.
     */
    static Environment ofBackupsOrganization(Map<String, Object> backup, Map<String, Object> row, String what) {
        if (row == null) {
            throw new ForeignTarget("The environment of backup " + backup.get("id") + " no longer exists");
        }
        Environment environment = Environment.fromRow(row);
        if (!environment.organizationId().equals(backup.get("organization_id"))) {
            throw new ForeignTarget("Environment " + environment.id() + " belongs to another organization than backup "
                    + backup.get("id") + ": a backup is " + what + " only within its organization");
        }
        return environment;
    }

    /** The backup row in exchangeProperty.backup, which must be completed to be restored or checked. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> completed(Exchange exchange, String what) {
        Map<String, Object> backup = exchange.getProperty("backup", Map.class);
        if (!"completed".equals(backup.get("status"))) {
            throw Problem.badRequest("Backup " + backup.get("id") + " is " + backup.get("status")
                    + ": only a completed backup can be " + what);
        }
        return backup;
    }

    /**
     * A job again from its record, for the instance that finishes or rolls back an interrupted restore; its target must
     * still be of the backup's organization.
     */
    public RestoreJob fromRecord(Map<String, Object> restore, Map<String, Object> backup, Map<String, Object> environment) {
        RestoreJob.Names names = new RestoreJob.Names((String) restore.get("db_name"), (String) restore.get("new_db_name"),
                (String) restore.get("old_db_name"), (String) restore.get("filestore_path"),
                (String) restore.get("new_filestore_path"), (String) restore.get("old_filestore_path"));
        RestoreRequest request = new RestoreRequest((String) restore.get("kind"), Boolean.TRUE.equals(restore.get("include_filestore")),
                Boolean.TRUE.equals(restore.get("pre_restore_backup")));
        return new RestoreJob((String) restore.get("id"), request, (String) restore.get("task_id"), backup,
                ofBackupsOrganization(backup, environment, "restored or checked"), names, (String) restore.get("stage"));
    }

    /** Parameters of sql/restore-insert.sql. */
    public Map<String, Object> insertParams(RestoreJob job, Exchange exchange) {
        RestoreJob.Names names = job.getNames();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", job.getRestoreId());
        params.put("task_id", job.getTaskId());
        params.put("organization_id", job.getTarget().organizationId());
        params.put("backup_id", job.getBackupId());
        params.put("target_environment_id", job.getTargetEnvironmentId());
        params.put("include_filestore", job.isIncludeFilestore());
        params.put("pre_restore_backup", job.isPreRestoreBackup());
        params.put("db_name", names.db());
        params.put("new_db_name", names.newDb());
        params.put("old_db_name", names.oldDb());
        params.put("filestore_path", names.filestore());
        params.put("new_filestore_path", names.newFilestore());
        params.put("old_filestore_path", names.oldFilestore());
        params.put("created_by", exchange.getProperty("principal", Principal.class).id());
        params.put("correlation_id", exchange.getProperty("correlationId", String.class));
        return params;
    }

    /** Parameters of sql/restore-fetched-from.sql: the location the backup was fetched from. */
    public Map<String, Object> fetchedFromParams(RestoreJob job) throws com.fasterxml.jackson.core.JsonProcessingException {
        return Map.of("id", job.getRestoreId(), "fetched_from", json.writeValueAsString(job.getResult().getSource().view()));
    }

    /** The 202 answer to a restore check. */
    public Map<String, Object> checkAnswer(RestoreJob job) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", job.getRestoreId());
        answer.put("task_id", job.getTaskId());
        answer.put("backup_id", job.getBackupId());
        answer.put("environment_id", job.getTargetEnvironmentId());
        answer.put("status", "pending");
        return answer;
    }

    /** The pre-restore backup must have completed before anything of the target is touched. */
    @SuppressWarnings("unchecked")
    public void preRestoreBackupDone(Map<String, Object> backup) {
        if (!"completed".equals(backup.get("status"))) {
            throw new io.odoobackup.backup.BackupFailure("The pre-restore backup " + backup.get("id") + " failed ("
                    + backup.get("error_message") + "), so the target was not touched. Fix that, or restore with"
                    + " \"pre_restore_backup\": false");
        }
    }
}
