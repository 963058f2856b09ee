UPDATE restore SET status = 'failed', error_message = :#${exchangeProperty.failure}, completed_at = now(), lease_until = NULL
 WHERE id = :#${exchangeProperty.restore.restoreId} AND status IN ('pending', 'running')
