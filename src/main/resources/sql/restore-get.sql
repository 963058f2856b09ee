SELECT id, backup_id, target_environment_id, task_id, pre_restore_backup_id, status, stage, include_filestore,
       pre_restore_backup, fetched_from, correlation_id, error_message, created_at, started_at, completed_at, created_by
  FROM restore
 WHERE id = :#${exchangeProperty.restoreId} AND kind = 'restore'
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
