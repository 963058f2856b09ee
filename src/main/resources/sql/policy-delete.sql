DELETE FROM backup_policy WHERE environment_id = :#${exchangeProperty.environmentId}
