SELECT b.*, backup_copies(b.id) AS copies FROM backup b
 WHERE b.id = :#${exchangeProperty.backupId}
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR b.organization_id = :#${exchangeProperty.principal.organizationId})
