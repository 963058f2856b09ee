SELECT * FROM storage_config
 WHERE organization_id = :#${exchangeProperty.job.organizationId} AND is_default AND deleted_at IS NULL
