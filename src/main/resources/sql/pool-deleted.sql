-- marked pool objects whose objects are gone
DELETE FROM pool_file WHERE place = :#place AND object_key = ANY (:#keys) AND state = 'deleting'
