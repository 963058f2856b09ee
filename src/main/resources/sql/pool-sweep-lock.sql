-- stored pool objects no readable or running backup lists, locked for the sweep's decision (those a backup is asking
-- about are skipped until the next sweep)
SELECT p.object_key FROM pool_file p
 WHERE p.place = :#place AND p.state = 'stored'
   AND NOT EXISTS (SELECT 1 FROM backup_pool_file r JOIN backup b ON b.id = r.backup_id
                    WHERE r.place = p.place AND r.object_key = p.object_key
                      AND b.status NOT IN ('failed', 'expired', 'deleted'))
 LIMIT :#limit
   FOR UPDATE SKIP LOCKED
