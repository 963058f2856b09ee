UPDATE backup SET status = 'deleted' WHERE id = :#${exchangeProperty.backupId} AND status = 'completed'
