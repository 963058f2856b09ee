-- Copies (docs/api.md §9): after the primary object is verified, the backup is copied to a second storage and
-- verified there. A copy row exists from before its upload starts, so that an interrupted backup's partial copy is
-- found and removed; only a verified copy is ever read.
CREATE TABLE backup_copy (
    backup_id          varchar(36)   NOT NULL REFERENCES backup (id),
    storage_config_id  varchar(36)   NOT NULL REFERENCES storage_config (id),
    object_key         varchar(1024) NOT NULL,
    status             varchar(16)   NOT NULL, -- copying, verified, failed
    encryption         varchar(16)   NOT NULL,
    stored_size        bigint,
    stored_checksum    varchar(80),
    verified_at        timestamptz,
    damaged_at         timestamptz,            -- read back and found not to be what was stored
    message            text,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (backup_id, storage_config_id)
);
CREATE INDEX backup_copy_storage ON backup_copy (storage_config_id);

ALTER TABLE backup ADD COLUMN secondary_storage_config_id varchar(36);
-- the primary object was read back and found not to be what was stored: readers go to a copy first
ALTER TABLE backup ADD COLUMN damaged_at timestamptz;
ALTER TABLE backup_policy ADD COLUMN secondary_storage_config_id varchar(36);
-- where a restore or restore check read the backup from: {"storage_config_id","key","copy"}
ALTER TABLE restore ADD COLUMN fetched_from jsonb;

-- the copies of a backup as the API shows them (docs/api.md §9), oldest first
CREATE FUNCTION backup_copies(of_backup varchar) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT coalesce(json_agg(json_build_object(
               'storage_config_id', c.storage_config_id, 'key', c.object_key, 'status', c.status,
               'verified_at', to_char(c.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'stored_size', c.stored_size, 'stored_checksum', c.stored_checksum, 'encryption', c.encryption,
               'damaged_at', to_char(c.damaged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               'message', c.message) ORDER BY c.created_at, c.storage_config_id), '[]'::json)
      FROM backup_copy c WHERE c.backup_id = of_backup
$$;
