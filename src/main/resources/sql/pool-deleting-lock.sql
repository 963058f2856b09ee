-- marked pool objects, locked while their objects are removed (a backup that needs one again waits for it)
SELECT object_key, size FROM pool_file WHERE place = :#place AND state = 'deleting'
 LIMIT :#limit
   FOR UPDATE SKIP LOCKED
