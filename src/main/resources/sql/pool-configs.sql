-- for the sweep, one storage configuration (for StorageConfigs.open) of each place whose pool holds files
SELECT DISTINCT ON (p.place) s.*
  FROM pool_file p JOIN storage_config s ON s.id = p.storage_config_id
 WHERE s.deleted_at IS NULL
 ORDER BY p.place, s.id
