-- the pool objects a backup lists where it lies, written before it relies on them being there
INSERT INTO backup_pool_file (backup_id, storage_config_id, place, object_key)
SELECT :#backup_id, :#storage_config_id, :#place, unnest(CAST(:#keys AS varchar[]))
ON CONFLICT DO NOTHING
