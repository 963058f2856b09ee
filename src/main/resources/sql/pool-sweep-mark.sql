-- unreferenced pool objects to be removed: no backup counts on them from now on
UPDATE pool_file SET state = 'deleting' WHERE place = :#place AND object_key = ANY (:#keys)
