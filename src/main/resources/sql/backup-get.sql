SELECT b.*, backup_copies(b.id) AS copies,
       COALESCE((SELECT t.name FROM api_token t WHERE t.id = b.created_by), b.created_by) AS created_by_name
  FROM backup b
 WHERE b.id = :#${exchangeProperty.backupId}
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR b.organization_id = :#${exchangeProperty.organizationScope.organizationId})
