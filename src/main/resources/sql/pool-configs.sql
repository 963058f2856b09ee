-- the storage configurations (for StorageConfigs.open) whose pools hold files, for the sweep
SELECT s.* FROM storage_config s
 WHERE s.deleted_at IS NULL AND EXISTS (SELECT 1 FROM pool_file p WHERE p.storage_config_id = s.id)
