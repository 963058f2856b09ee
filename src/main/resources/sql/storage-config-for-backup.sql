-- the storage a backup asked for, which must be its environment's organization's
SELECT * FROM storage_config
 WHERE id = :#${exchangeProperty.storageConfigId} AND deleted_at IS NULL
   AND organization_id = :#${exchangeProperty.job.organizationId}
