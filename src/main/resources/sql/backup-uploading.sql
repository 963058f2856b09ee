UPDATE backup SET status = 'uploading' WHERE id = :#${exchangeProperty.job.backupId} AND status = 'in_progress'
