SELECT * FROM backup
 WHERE id = :#${exchangeProperty.backupId}
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
