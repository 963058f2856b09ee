-- a pool object that is missing or not what was stored: not there for the next backup, which uploads the file again
DELETE FROM pool_file WHERE storage_config_id = :#storage_config_id AND object_key = :#object_key
