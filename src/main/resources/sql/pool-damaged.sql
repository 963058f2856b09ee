-- a pool object that is missing or not what was stored: not there for the next backup, which uploads the file again;
-- every backup that lists it is marked damaged where it lists it (readers use another location first, an alert says so)
WITH gone AS (
    DELETE FROM pool_file WHERE storage_config_id = :#storage_config_id AND object_key = :#object_key
), listing AS (
    -- completed ones: a running backup that finds it so uploads the file again
    SELECT r.backup_id FROM backup_pool_file r JOIN backup b ON b.id = r.backup_id AND b.status = 'completed'
     WHERE r.storage_config_id = :#storage_config_id AND r.object_key = :#object_key
), primary_object AS (
    UPDATE backup SET damaged_at = now()
     WHERE id IN (SELECT backup_id FROM listing) AND storage_config_id = :#storage_config_id AND damaged_at IS NULL
)
UPDATE backup_copy SET damaged_at = now()
 WHERE backup_id IN (SELECT backup_id FROM listing) AND storage_config_id = :#storage_config_id AND damaged_at IS NULL
