UPDATE restore SET status = 'completed', stage = 'done', completed_at = now(), lease_until = NULL
 WHERE id = :#${exchangeProperty.restore.restoreId} AND status = 'running'
