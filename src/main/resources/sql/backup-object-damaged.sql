-- an object read back and found not to be what was stored: readers go to another location first from now on
WITH primary_object AS (
    UPDATE backup SET damaged_at = now()
     WHERE id = :#backup_id AND backup_key = :#object_key AND storage_config_id = :#storage_config_id
    RETURNING id
)
UPDATE backup_copy SET damaged_at = now()
 WHERE backup_id = :#backup_id AND object_key = :#object_key AND storage_config_id = :#storage_config_id
