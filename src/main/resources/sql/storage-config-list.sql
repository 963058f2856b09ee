SELECT * FROM storage_config
 WHERE deleted_at IS NULL
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
 ORDER BY created_at DESC, id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
