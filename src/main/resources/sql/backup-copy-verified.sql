UPDATE backup_copy SET status = 'verified', verified_at = now(), message = NULL,
       stored_size = :#${exchangeProperty.job.result.copyStored.size}, stored_checksum = :#${exchangeProperty.job.result.copyStored.checksum}
 WHERE backup_id = :#${exchangeProperty.job.backupId} AND storage_config_id = :#${exchangeProperty.job.secondary.id}
