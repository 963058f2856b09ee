-- which of these pool objects are stored (a row is written only once its upload is whole); the share lock waits for
-- a sweep that is deciding about them, which then finds the backup's references (written before this)
SELECT object_key FROM pool_file
 WHERE place = :#place AND object_key = ANY (:#keys) AND state = 'stored'
   FOR SHARE
