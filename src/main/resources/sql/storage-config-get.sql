SELECT * FROM storage_config
 WHERE id = :#${exchangeProperty.storageConfigId} AND deleted_at IS NULL
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
