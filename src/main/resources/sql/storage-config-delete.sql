-- only while no backup on it, primary object or copy, still holds an object (all are expired or deleted); the row stays
UPDATE storage_config s SET deleted_at = now(), is_default = false, updated_at = now()
 WHERE s.id = :#${exchangeProperty.storageConfigId} AND s.deleted_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM backup b WHERE b.storage_config_id = s.id AND b.status NOT IN ('expired', 'deleted'))
   AND NOT EXISTS (SELECT 1 FROM backup_copy c JOIN backup b ON b.id = c.backup_id
                    WHERE c.storage_config_id = s.id AND b.status NOT IN ('expired', 'deleted'))
