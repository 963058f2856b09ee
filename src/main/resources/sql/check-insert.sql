-- A restore check: a record like a restore's (its scratch database named before it exists, for recovery) that
-- does not take the environment, and its task.
WITH new_check AS (
    INSERT INTO restore (id, kind, organization_id, backup_id, target_environment_id, task_id, status, stage, include_filestore,
                         pre_restore_backup, db_name, new_db_name, old_db_name, filestore_path, new_filestore_path,
                         old_filestore_path, created_by, instance_id, lease_until)
    VALUES (:#id, 'check', :#organization_id, :#backup_id, :#target_environment_id, :#task_id, 'pending', 'queued', false,
            false, :#db_name, :#new_db_name, :#old_db_name, :#filestore_path, :#new_filestore_path,
            :#old_filestore_path, :#created_by, :#instance_id, now() + make_interval(secs => :#lease_seconds))
    RETURNING id, task_id, organization_id, target_environment_id, backup_id
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, backup_id, restore_id)
SELECT task_id, 'verify_restore', 'pending', 0, 'Restore check queued', organization_id, target_environment_id, backup_id, id
  FROM new_check
