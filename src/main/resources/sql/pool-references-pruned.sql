-- references of backups that can no longer be read (failed, expired, deleted) hold no pool file
DELETE FROM backup_pool_file r USING backup b
 WHERE r.place = :#place AND b.id = r.backup_id AND b.status IN ('failed', 'expired', 'deleted')
