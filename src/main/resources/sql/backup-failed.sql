UPDATE backup
   SET status = 'failed', error_message = :#${exchangeProperty.failure}, completed_at = now(),
       duration_seconds = ceil(extract(epoch FROM now() - coalesce(started_at, now())))
 WHERE id = :#${exchangeProperty.job.backupId}
