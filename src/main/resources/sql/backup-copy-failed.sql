UPDATE backup_copy SET status = 'failed', message = :#${exchangeProperty.copyFailure}
 WHERE backup_id = :#${exchangeProperty.job.backupId} AND storage_config_id = :#${exchangeProperty.job.secondary.id}
