-- only while no backup on it still holds an object (all are expired or deleted); the row stays for them
UPDATE storage_config s SET deleted_at = now(), is_default = false, updated_at = now()
 WHERE s.id = :#${exchangeProperty.storageConfigId} AND s.deleted_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM backup b WHERE b.storage_config_id = s.id AND b.status NOT IN ('expired', 'deleted'))
