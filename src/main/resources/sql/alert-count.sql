SELECT count(*) FROM alert
 WHERE (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
   AND (CAST(:#${header.status} AS varchar) IS NULL OR status = :#${header.status})
