SELECT count(*) FROM alert
 WHERE (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
