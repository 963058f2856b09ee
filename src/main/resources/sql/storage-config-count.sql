SELECT count(*) FROM storage_config
 WHERE deleted_at IS NULL
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
