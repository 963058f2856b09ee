-- which of these pool objects are stored (a row is written only once its upload is whole)
SELECT object_key FROM pool_file WHERE storage_config_id = :#storage_config_id AND object_key = ANY (:#keys)
