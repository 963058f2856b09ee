UPDATE api_token SET revoked_at = now()
 WHERE id = :#${exchangeProperty.tokenId} AND revoked_at IS NULL
   AND (CAST(:#${exchangeProperty.principal.organizationId} AS varchar) IS NULL
        OR organization_id = :#${exchangeProperty.principal.organizationId})
