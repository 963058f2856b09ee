-- marked pool objects whose objects are gone
DELETE FROM pool_file WHERE storage_config_id = :#storage_config_id AND object_key = ANY (:#keys) AND state = 'deleting'
