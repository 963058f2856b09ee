-- live tokens the caller may revoke: its organization's (every organization's for the admin), newest first
SELECT id, name, organization_id, permissions, created_at FROM api_token
 WHERE revoked_at IS NULL
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
   AND (CAST(:#${header.organization_id} AS varchar) IS NULL OR organization_id = :#${header.organization_id})
 ORDER BY created_at DESC, id
