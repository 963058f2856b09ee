-- The environment is taken, the backup, its task and its place in the work queue recorded, in one statement: no row
-- when the environment is busy with a backup or restore that has not ended (answered 409). A pre-restore backup runs
-- at once inside the restore that holds its environment (:#holder), under this instance's lease, and is not queued.
WITH taken AS (
    UPDATE environment e SET busy_with = CASE WHEN e.busy_with = :#holder THEN e.busy_with ELSE :#id END
     WHERE e.id = :#environment_id AND (e.busy_with = :#holder OR holder_ended(e.busy_with))
    RETURNING e.id, e.docker_host_id
), new_backup AS (
    INSERT INTO backup (id, organization_id, environment_id, storage_config_id, secondary_storage_config_id, task_id, status, backup_type,
                        backup_key, include_filestore, retention_type, expires_at, environment_snapshot,
                        created_at, created_by, correlation_id, instance_id, lease_until)
    SELECT :#id, :#organization_id, :#environment_id, :#storage_config_id, :#secondary_storage_config_id, :#task_id, 'pending', :#backup_type,
           :#backup_key, :#include_filestore, :#retention_type, :#expires_at, :#environment_snapshot,
           :#created_at, :#created_by, :#correlation_id, CAST(:#instance_id AS varchar),
           CASE WHEN CAST(:#instance_id AS varchar) IS NULL THEN NULL ELSE now() + make_interval(secs => :#lease_seconds) END
      FROM taken
    RETURNING id, task_id, organization_id, environment_id
), queued AS (
    INSERT INTO work_item (id, kind, organization_id, environment_id, docker_host_id, planned_at, scheduled, window_end, attempt,
                           requested_by)
    SELECT b.id, 'backup', b.organization_id, b.environment_id, t.docker_host_id, coalesce(CAST(:#planned_at AS timestamptz), now()),
           :#scheduled, CAST(:#window_end AS timestamptz), :#attempt, :#created_by
      FROM new_backup b, taken t WHERE CAST(:#holder AS varchar) IS NULL
), planned AS (
    -- a policy's run: its backup is queued (a worker may start it at once, and says so on the policy then)
    UPDATE backup_policy p SET last_planned_at = coalesce(CAST(:#planned_at AS timestamptz), now()), last_outcome = 'queued',
           last_outcome_reason = NULL, last_backup_id = b.id
      FROM new_backup b WHERE p.environment_id = b.environment_id AND :#scheduled
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, backup_id)
SELECT task_id, 'backup', 'pending', 0, 'Backup queued', organization_id, environment_id, id FROM new_backup
