SELECT count(*) FROM environment
 WHERE CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
    OR organization_id = :#${exchangeProperty.organizationScope.organizationId}
