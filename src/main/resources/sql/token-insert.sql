INSERT INTO api_token (id, name, organization_id, permissions, token_hash)
VALUES (:#id, :#name, :#organization_id, :#permissions, :#token_hash)
