-- The environment is taken, the restore, its task and its place in the work queue recorded, in one statement: no
-- row when a backup or restore of the environment has not ended (answered 409).
WITH taken AS (
    UPDATE environment e SET busy_with = :#id
     WHERE e.id = :#target_environment_id AND holder_ended(e.busy_with)
    RETURNING e.id, e.docker_host_id
), new_restore AS (
    INSERT INTO restore (id, organization_id, backup_id, target_environment_id, task_id, status, stage, include_filestore,
                         pre_restore_backup, db_name, new_db_name, old_db_name, filestore_path, new_filestore_path,
                         old_filestore_path, created_by, correlation_id)
    SELECT :#id, :#organization_id, :#backup_id, :#target_environment_id, :#task_id, 'pending', 'queued', :#include_filestore,
           :#pre_restore_backup, :#db_name, :#new_db_name, :#old_db_name, :#filestore_path, :#new_filestore_path,
           :#old_filestore_path, :#created_by, :#correlation_id
      FROM taken
    RETURNING id, task_id, organization_id, target_environment_id
), queued AS (
    INSERT INTO work_item (id, kind, organization_id, environment_id, docker_host_id, planned_at, requested_by)
    SELECT r.id, 'restore', r.organization_id, r.target_environment_id, t.docker_host_id, now(), :#created_by
      FROM new_restore r, taken t
)
INSERT INTO task (id, task_type, status, progress, message, organization_id, environment_id, restore_id)
SELECT task_id, 'restore', 'pending', 0, 'Restore queued', organization_id, target_environment_id, id FROM new_restore
