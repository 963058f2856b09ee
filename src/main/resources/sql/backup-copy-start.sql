-- recorded before the copy's upload starts: an interrupted backup's partial copy is then found and removed
INSERT INTO backup_copy (backup_id, storage_config_id, object_key, status, encryption)
VALUES (:#${exchangeProperty.job.backupId}, :#${exchangeProperty.job.secondary.id}, :#${exchangeProperty.job.copyKey},
        'copying', :#${exchangeProperty.job.copyEncryption})
ON CONFLICT (backup_id, storage_config_id) DO UPDATE SET status = 'copying', message = NULL
