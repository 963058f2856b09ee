-- Where the backup lies (exchangeProperty.backupId): its primary object, then each copy, each row with its storage
-- configuration's columns (for StorageConfigs.open). Locations orders and filters them. Every storage is the
-- backup's own organization's, whoever asks.
SELECT 'primary' AS location_role, b.backup_key AS object_key, b.compressed_size AS stored_size, b.stored_checksum,
       'verified' AS location_status, b.damaged_at, s.*
  FROM backup b JOIN storage_config s ON s.id = b.storage_config_id AND s.organization_id = b.organization_id
 WHERE b.id = :#${exchangeProperty.backupId}
UNION ALL
SELECT 'copy', c.object_key, c.stored_size, c.stored_checksum, c.status, c.damaged_at, s.*
  FROM backup_copy c JOIN backup b ON b.id = c.backup_id
  JOIN storage_config s ON s.id = c.storage_config_id AND s.organization_id = b.organization_id
 WHERE c.backup_id = :#${exchangeProperty.backupId}
