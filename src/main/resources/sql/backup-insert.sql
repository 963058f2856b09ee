-- The environment is taken, the backup and its task recorded, in one statement: no row when the environment is
-- busy with a backup or restore that has not ended (answered 409). A pre-restore backup runs inside the restore
-- that holds its environment (:#holder).
WITH taken AS (
    UPDATE environment e SET busy_with = CASE WHEN e.busy_with = :#holder THEN e.busy_with ELSE :#id END
     WHERE e.id = :#environment_id AND (e.busy_with = :#holder OR holder_ended(e.busy_with))
    RETURNING e.id
), new_backup AS (
    INSERT INTO backup (id, organization_id, environment_id, storage_config_id, secondary_storage_config_id, task_id, status, backup_type,
                        backup_key, include_filestore, retention_type, expires_at, environment_snapshot,
                        created_at, created_by, correlation_id, instance_id, lease_until)
    SELECT :#id, :#organization_id, :#environment_id, :#storage_config_id, :#secondary_storage_config_id, :#task_id, 'pending', :#backup_type,
           :#backup_key, :#include_filestore, :#retention_type, :#expires_at, :#environment_snapshot,
           :#created_at, :#created_by, :#correlation_id, :#instance_id, now() + make_interval(secs => :#lease_seconds)
      FROM taken
    RETURNING id, task_id, organization_id, environment_id
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, backup_id)
SELECT task_id, 'backup', 'pending', 0, 'Backup queued', organization_id, environment_id, id FROM new_backup
