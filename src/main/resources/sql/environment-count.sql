SELECT count(*) FROM environment
 WHERE CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
    OR organization_id = :#${exchangeProperty.principal.organizationId}
