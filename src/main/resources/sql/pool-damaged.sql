-- a pool object that is missing or not what was stored: not there for the next backup, which uploads the file again;
-- every completed backup that lists it is marked damaged where it lists it (readers use another location first, an
-- alert says so); a running backup that finds it so uploads the file again
WITH gone AS (
    DELETE FROM pool_file WHERE place = :#place AND object_key = :#object_key
), listing AS (
    SELECT r.backup_id, r.storage_config_id FROM backup_pool_file r JOIN backup b ON b.id = r.backup_id AND b.status = 'completed'
     WHERE r.place = :#place AND r.object_key = :#object_key
), primary_object AS (
    UPDATE backup b SET damaged_at = now() FROM listing l
     WHERE b.id = l.backup_id AND b.storage_config_id = l.storage_config_id AND b.damaged_at IS NULL
)
UPDATE backup_copy c SET damaged_at = now() FROM listing l
 WHERE c.backup_id = l.backup_id AND c.storage_config_id = l.storage_config_id AND c.damaged_at IS NULL
