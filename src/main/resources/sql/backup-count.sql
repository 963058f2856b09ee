SELECT count(*) FROM backup
 WHERE environment_id = :#${exchangeProperty.environmentId}
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
