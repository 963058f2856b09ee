UPDATE restore SET status = 'running', started_at = now()
 WHERE id = :#${exchangeProperty.restore.restoreId} AND status = 'pending'
