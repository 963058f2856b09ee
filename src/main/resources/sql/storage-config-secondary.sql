-- the second storage a backup is copied to, which must be its environment's organization's
SELECT * FROM storage_config
 WHERE id = :#${exchangeProperty.secondaryStorageConfigId} AND deleted_at IS NULL
   AND organization_id = :#${exchangeProperty.job.organizationId}
