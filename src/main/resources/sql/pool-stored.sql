-- a pool object whose upload is whole (stored again after a damaged one was found: the row comes back)
INSERT INTO pool_file (storage_config_id, object_key, organization_id, sha1, size)
VALUES (:#storage_config_id, :#object_key, :#organization_id, :#sha1, :#size)
ON CONFLICT (storage_config_id, object_key) DO UPDATE SET size = EXCLUDED.size, stored_at = now(), state = 'stored'
