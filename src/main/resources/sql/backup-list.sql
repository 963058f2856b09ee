-- the environment's organization's backups only: an id reused by another organization shows none of the old ones
SELECT b.*, backup_copies(b.id) AS copies,
       COALESCE((SELECT t.name FROM api_token t WHERE t.id = b.created_by), b.created_by) AS created_by_name
  FROM backup b
 WHERE b.environment_id = :#${exchangeProperty.environmentId}
   AND b.organization_id = :#${exchangeProperty.environment[organization_id]}
   AND (CAST(:#${header.status} AS varchar) IS NULL OR b.status = :#${header.status})
 ORDER BY b.created_at DESC, b.id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
