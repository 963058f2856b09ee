-- one marked pool object, locked (waiting for a sweep that is removing it) before its file is uploaded again
SELECT object_key FROM pool_file WHERE place = :#place AND object_key = :#object_key AND state = 'deleting'
   FOR UPDATE
