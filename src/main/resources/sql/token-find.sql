-- the caller a live token stands for, by the token's hash (BearerAuth)
SELECT id, organization_id, permissions FROM api_token WHERE token_hash = :#token_hash AND revoked_at IS NULL
