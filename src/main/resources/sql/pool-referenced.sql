-- the pool objects a backup lists, written before it relies on them being there
INSERT INTO backup_pool_file (backup_id, storage_config_id, object_key)
SELECT :#backup_id, :#storage_config_id, unnest(CAST(:#keys AS varchar[]))
ON CONFLICT DO NOTHING
