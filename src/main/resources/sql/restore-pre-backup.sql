UPDATE restore SET pre_restore_backup_id = :#${exchangeProperty.job.backupId} WHERE id = :#${exchangeProperty.holder}
