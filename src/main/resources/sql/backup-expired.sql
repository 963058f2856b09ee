-- a backup whose object and copies the sweep removed: expired (a backup deleted or changed meanwhile stays as it is)
UPDATE backup SET status = 'expired' WHERE id = :#${exchangeProperty.backupId} AND status = 'completed'
