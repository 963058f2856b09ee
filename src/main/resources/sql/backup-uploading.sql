-- the archive is whole and its upload ends; an attempt after a failed one finds the backup uploading already
UPDATE backup SET status = 'uploading' WHERE id = :#${exchangeProperty.job.backupId} AND status IN ('in_progress', 'uploading')
