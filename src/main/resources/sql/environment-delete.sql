-- an environment with a backup running stays: the backup needs its record to finish
DELETE FROM environment e
 WHERE e.id = :#${exchangeProperty.environmentId}
   AND NOT EXISTS (SELECT 1 FROM backup b WHERE b.environment_id = e.id
                      AND b.status IN ('pending', 'in_progress', 'uploading'))
