-- with the number of backups whose object or copy may be in this storage: its destination is fixed while there are any
SELECT s.*, (SELECT count(*) FROM backup b WHERE b.status NOT IN ('failed', 'expired', 'deleted')
                AND (b.storage_config_id = s.id
                     OR EXISTS (SELECT 1 FROM backup_copy c WHERE c.backup_id = b.id AND c.storage_config_id = s.id))) AS stored_backups
  FROM storage_config s
 WHERE s.id = :#${exchangeProperty.storageConfigId} AND s.deleted_at IS NULL
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR s.organization_id = :#${exchangeProperty.organizationScope.organizationId})
