SELECT * FROM backup
 WHERE environment_id = :#${exchangeProperty.environmentId}
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
 ORDER BY created_at DESC, id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
