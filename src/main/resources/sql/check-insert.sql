-- A restore check: a record like a restore's (its scratch database named before it exists, for recovery) that
-- does not take the environment, its task and its place in the work queue.
WITH new_check AS (
    INSERT INTO restore (id, kind, organization_id, backup_id, target_environment_id, task_id, status, stage, include_filestore,
                         pre_restore_backup, db_name, new_db_name, old_db_name, filestore_path, new_filestore_path,
                         old_filestore_path, created_by)
    VALUES (:#id, 'check', :#organization_id, :#backup_id, :#target_environment_id, :#task_id, 'pending', 'queued', false,
            false, :#db_name, :#new_db_name, :#old_db_name, :#filestore_path, :#new_filestore_path,
            :#old_filestore_path, :#created_by)
    RETURNING id, task_id, organization_id, target_environment_id, backup_id
), queued AS (
    INSERT INTO work_item (id, kind, organization_id, environment_id, docker_host_id, planned_at, requested_by)
    SELECT c.id, 'check', c.organization_id, c.target_environment_id, e.docker_host_id, now(), :#created_by
      FROM new_check c JOIN environment e ON e.id = c.target_environment_id
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, backup_id, restore_id)
SELECT task_id, 'verify_restore', 'pending', 0, 'Restore check queued', organization_id, target_environment_id, backup_id, id
  FROM new_check
