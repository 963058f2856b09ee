SELECT count(*) FROM backup
 WHERE environment_id = :#${exchangeProperty.environmentId}
   AND organization_id = :#${exchangeProperty.environment[organization_id]}
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
