SELECT * FROM storage_config
 WHERE id = :#${exchangeProperty.storageConfigId}
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
