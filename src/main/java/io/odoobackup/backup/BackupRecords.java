package io.odoobackup.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.environment.Environment;
import io.odoobackup.retention.GfsRetentionPolicy;
import io.odoobackup.retention.GfsSchedule;
import io.odoobackup.retention.RetentionType;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.odoobackup.storageconfigs.StorageConfigs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/** Turns a create-backup request into a {@link BackupJob}, and a job into the rows that record it. */
public final class BackupRecords {

    private final ObjectMapper json;
    private final StorageConfigs storageConfigs;
    private final GfsRetentionPolicy retention;
    private final Clock clock;
    private final Leases leases;

    public BackupRecords(ObjectMapper json, StorageConfigs storageConfigs, GfsRetentionPolicy retention, Clock clock,
                         Leases leases) {
        this.json = json;
        this.storageConfigs = storageConfigs;
        this.retention = retention;
        this.clock = clock;
        this.leases = leases;
    }

    /**
     * Reads the seed's request body (exchange property {@code request}) for the loaded environment;
     * leaves the job and the asked storage (property {@code storageConfigId}) on the exchange.
     */
    @SuppressWarnings("unchecked")
    public void read(Exchange exchange) {
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), Set.of("backup_type", "storage_config_id",
                "secondary_storage_config_id", "include_filestore", "retention_type"), "in a backup request");
        BackupType type = body.oneOf("backup_type", BackupType.class).orElse(BackupType.MANUAL);
        if (type == BackupType.SCHEDULED) {
            throw Problem.badRequest("Field 'backup_type' must be one of: manual, pre_restore, pre_upgrade");
        }
        if (exchange.getProperty("scheduled", false, Boolean.class)) {
            type = BackupType.SCHEDULED;
        }
        body.text("storage_config_id", Names.UUID, Names.UUID_HINT)
                .ifPresent(id -> exchange.setProperty("storageConfigId", id));
        // named, or null to make no copy: either way the request's choice wins over the policy's
        if (body.isNull("secondary_storage_config_id") || body.has("secondary_storage_config_id")) {
            exchange.setProperty("secondaryAsked", true);
            body.text("secondary_storage_config_id", Names.UUID, Names.UUID_HINT)
                    .ifPresent(id -> exchange.setProperty("secondaryStorageConfigId", id));
        }
        Environment environment = Environment.fromRow(exchange.getProperty("environment", Map.class));
        Principal principal = exchange.getProperty("principal", Principal.class);
        RetentionType retention = body.oneOf("retention_type", RetentionType.class).orElse(null);
        if (retention == RetentionType.PERMANENT && !principal.mayAct("project.backups.policy")) {
            throw new Problem(403, "Forbidden", "A permanent backup needs the permission project.backups.policy");
        }
        // what the caller's route says of the request: a restore holding it, a schedule planning it, a message naming it
        BackupRequest request = new BackupRequest(type, body.bool("include_filestore").orElse(true), retention, principal.id(),
                exchange.getProperty("correlationId", String.class), exchange.getProperty("holder", String.class),
                exchange.getProperty("verifyAfter", false, Boolean.class), exchange.getProperty("plannedAt", Instant.class),
                exchange.getProperty("windowEnd", Instant.class), exchange.getProperty("attempt", 1, Integer.class));
        exchange.setProperty("job", new BackupJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(), environment, request,
                clock.instant()));
    }

    /**
     * The job of a queued backup, from its record: what the request asked (type, filestore, retention, storages, who
     * asked and with which correlation id) was recorded when it was accepted.
     */
    public BackupJob fromRecord(Map<String, Object> backup, Map<String, Object> environment, Map<String, Object> storage,
                                Map<String, Object> secondary) throws JsonProcessingException {
        BackupType type = BackupType.valueOf(((String) backup.get("backup_type")).toUpperCase(Locale.ROOT));
        String retention = (String) backup.get("retention_type");
        BackupRequest request = BackupRequest.recorded(type, Boolean.TRUE.equals(backup.get("include_filestore")),
                retention == null ? null : RetentionType.valueOf(retention.toUpperCase(Locale.ROOT)), (String) backup.get("created_by"),
                (String) backup.get("correlation_id"), Boolean.TRUE.equals(backup.get("verify_after")));
        BackupJob job = new BackupJob((String) backup.get("id"), (String) backup.get("task_id"), Environment.fromRow(environment), request,
                ((Timestamp) backup.get("created_at")).toInstant());
        job.setRetention(job.getRetentionType(), backup.get("expires_at") == null ? null : ((Timestamp) backup.get("expires_at")).toInstant());
        job.setStorage(storageConfigs.open(storage));
        if (secondary != null) {
            job.setSecondary(storageConfigs.open(secondary));
        }
        return job;
    }

    public void useStorage(Exchange exchange) throws JsonProcessingException {
        exchange.getProperty("job", BackupJob.class).setStorage(storageConfigs.open(exchange.getMessage().getBody(Map.class)));
    }

    /**
     * The second storage of the backup (exchangeProperty.secondaryStorageConfigId, null for none): the request's, else
     * the policy's. The request may not name the backup's own storage; the policy's, when it is the storage this
     * backup goes to anyway (asked for by the request, or the default), makes no copy.
     */
    public void chooseSecondary(BackupJob job, Map<String, Object> policy, Exchange exchange) {
        String primary = job.getStorage().id();
        if (exchange.getProperty("secondaryAsked", false, Boolean.class)) {
            if (primary.equals(exchange.getProperty("secondaryStorageConfigId"))) {
                throw Problem.badRequest("Field 'secondary_storage_config_id' names the backup's own storage: a copy needs"
                        + " another storage configuration");
            }
            return;
        }
        Object fromPolicy = policy == null ? null : policy.get("secondary_storage_config_id");
        exchange.setProperty("secondaryStorageConfigId", primary.equals(fromPolicy) ? null : fromPolicy);
    }

    public void useSecondary(Exchange exchange) throws JsonProcessingException {
        exchange.getProperty("job", BackupJob.class).setSecondary(storageConfigs.open(exchange.getMessage().getBody(Map.class)));
    }

    /** An explicit retention_type is kept; otherwise the GFS tier of the creation time under the policy (may be null). */
    public void assignRetention(BackupJob job, Map<String, Object> policy) {
        GfsSchedule schedule = GfsSchedule.of(policy);
        Instant created = job.getCreatedAt();
        RetentionType type = job.getRetentionType() != null ? job.getRetentionType() : retention.tierOf(created, schedule);
        job.setRetention(type, retention.expiresAt(type, created, schedule));
    }

    /** Parameters of sql/backup-insert.sql. */
    public Map<String, Object> insertParams(BackupJob job) throws JsonProcessingException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", job.getBackupId());
        params.put("task_id", job.getTaskId());
        params.put("organization_id", job.getOrganizationId());
        params.put("environment_id", job.getEnvironmentId());
        params.put("storage_config_id", job.getStorage().id());
        params.put("secondary_storage_config_id", job.getSecondary() == null ? null : job.getSecondary().id());
        params.put("backup_type", JsonBody.wire(job.getBackupType()));
        params.put("backup_key", job.getBackupKey());
        params.put("include_filestore", job.isIncludeFilestore());
        params.put("retention_type", JsonBody.wire(job.getRetentionType()));
        params.put("expires_at", BackupJob.sql(job.getExpiresAt()));
        params.put("environment_snapshot", json.writeValueAsString(ManifestWriter.snapshot(job)));
        params.put("created_at", BackupJob.sql(job.getCreatedAt()));
        params.put("created_by", job.getCreatedBy());
        params.put("correlation_id", job.getCorrelationId());
        // a pre-restore backup runs at once on its restore's worker, under this instance's lease; any other is queued
        params.put("instance_id", job.getHolder() == null ? null : leases.getInstanceId());
        params.put("lease_seconds", leases.getLeaseSeconds());
        params.put("holder", job.getHolder());
        params.put("planned_at", BackupJob.sql(job.getPlannedAt()));
        params.put("scheduled", job.getBackupType() == BackupType.SCHEDULED);
        params.put("window_end", BackupJob.sql(job.getWindowEnd()));
        params.put("attempt", job.getAttempt());
        return params;
    }

    /** Parameters of sql/backup-complete.sql: sizes, checksums and the full environment snapshot. */
    public Map<String, Object> completionParams(BackupJob job) throws JsonProcessingException {
        BackupResult made = job.getResult();
        Artifact filestore = made.getFilestore();
        long databaseSize = made.getDump().size();
        long filestoreSize = made.getFilestoreBytes();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", job.getBackupId());
        params.put("database_size", databaseSize);
        params.put("filestore_size", filestoreSize);
        params.put("total_size", databaseSize + filestoreSize);
        params.put("compressed_size", made.getStored().size());
        params.put("archive_size", made.getArchive().size());
        params.put("stored_checksum", made.getStored().checksum());
        params.put("encryption", job.getStorage().encrypted() ? "age" : "none");
        params.put("database_checksum", made.getDump().checksum());
        params.put("filestore_checksum", filestore == null ? null : filestore.checksum());
        params.put("filestore_format", made.getFilestoreFormat());
        params.put("archive_checksum", made.getArchive().checksum());
        params.put("environment_snapshot", json.writeValueAsString(ManifestWriter.snapshot(job)));
        return params;
    }
}
