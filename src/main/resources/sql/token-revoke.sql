UPDATE api_token SET revoked_at = now()
 WHERE id = :#${exchangeProperty.tokenId} AND revoked_at IS NULL
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
