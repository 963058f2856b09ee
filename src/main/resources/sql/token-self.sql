-- the calling token's own record (none for the admin token, which lives in a file, not in the records)
SELECT id, name, organization_id, permissions, created_at FROM api_token
 WHERE id = :#${exchangeProperty.principal.id} AND revoked_at IS NULL
