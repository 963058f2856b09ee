UPDATE backup
   SET status = 'failed', error_message = :#${exchangeProperty.failure}, completed_at = now(), lease_until = NULL,
       duration_seconds = ceil(extract(epoch FROM now() - coalesce(started_at, now())))
 WHERE id = :#${exchangeProperty.job.backupId} AND status IN ('pending', 'in_progress', 'uploading')
