-- for the service's own work (recovery), not for a caller: no organization filter
SELECT * FROM backup WHERE id = :#${exchangeProperty.backupId}
