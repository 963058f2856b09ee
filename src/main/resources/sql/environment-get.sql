-- another organization's environment is not found: its existence is not the caller's business
SELECT *
  FROM environment
 WHERE id = :#${exchangeProperty.environmentId}
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
