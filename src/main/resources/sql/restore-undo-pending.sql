-- the failure is kept for the recovery, which rolls the restore back (or finishes its swap) and then fails it with it
UPDATE restore SET error_message = :#${exchangeProperty.failure}
 WHERE id = :#${exchangeProperty.restore.restoreId} AND status = 'running'
