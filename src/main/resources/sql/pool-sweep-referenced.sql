-- of the locked objects, those a backup lists after all (its references written since the lock's query began)
SELECT DISTINCT r.object_key FROM backup_pool_file r JOIN backup b ON b.id = r.backup_id
 WHERE r.place = :#place AND r.object_key = ANY (:#keys) AND b.status NOT IN ('failed', 'expired', 'deleted')
