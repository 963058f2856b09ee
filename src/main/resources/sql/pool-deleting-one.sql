-- one marked pool object, locked (waiting for a sweep that is removing it) before its file is uploaded again
SELECT object_key, size FROM pool_file
 WHERE storage_config_id = :#storage_config_id AND object_key = :#object_key AND state = 'deleting'
   FOR UPDATE
