SELECT id, name, organization_id, permissions, created_at FROM api_token WHERE id = :#${exchangeProperty.tokenRow[id]}
