-- a pool object whose upload is whole (stored again after a damaged one was found: the row comes back)
INSERT INTO pool_file (place, object_key, storage_config_id, organization_id, sha1, size)
VALUES (:#place, :#object_key, :#storage_config_id, :#organization_id, :#sha1, :#size)
ON CONFLICT (place, object_key) DO UPDATE
   SET size = EXCLUDED.size, stored_at = now(), state = 'stored', storage_config_id = EXCLUDED.storage_config_id
