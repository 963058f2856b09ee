-- the backup and its task in one statement; a second running backup of the environment violates
-- backup_one_running_per_environment and is answered 409
WITH new_backup AS (
    INSERT INTO backup (id, organization_id, environment_id, storage_config_id, task_id, status, backup_type,
                        backup_key, include_filestore, retention_type, expires_at, environment_snapshot,
                        created_at, created_by, instance_id, lease_until)
    VALUES (:#id, :#organization_id, :#environment_id, :#storage_config_id, :#task_id, 'pending', :#backup_type,
            :#backup_key, :#include_filestore, :#retention_type, :#expires_at, :#environment_snapshot,
            :#created_at, :#created_by, :#instance_id, now() + make_interval(secs => :#lease_seconds))
    RETURNING id, task_id, organization_id, environment_id
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, backup_id)
SELECT task_id, 'backup', 'pending', 0, 'Backup queued', organization_id, environment_id, id FROM new_backup
