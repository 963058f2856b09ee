-- the environment's organization's backups only: an id reused by another organization shows none of the old ones
SELECT * FROM backup
 WHERE environment_id = :#${exchangeProperty.environmentId}
   AND organization_id = :#${exchangeProperty.environment[organization_id]}
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
 ORDER BY created_at DESC, id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
