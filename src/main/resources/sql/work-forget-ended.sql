-- running items whose backup or restore has ended without their worker saying so (its instance died, and the record
-- was failed, finished or rolled back by another): they count no more against the limits
DELETE FROM work_item w
 WHERE w.status = 'running'
   AND NOT EXISTS (SELECT 1 FROM backup b WHERE b.id = w.id AND b.status IN ('pending', 'in_progress', 'uploading'))
   AND NOT EXISTS (SELECT 1 FROM restore r WHERE r.id = w.id AND r.status IN ('pending', 'running'))
