-- The incremental filestore (docs/api.md §15): each organization's file contents once per storage configuration,
-- and which of them each backup lists. A pool file is removed only when no backup that can still be read refers to it.

-- what the backup's ZIP holds of the filestore: 'tar.gz' (the files themselves) or 'index' (the list of pooled files)
ALTER TABLE backup ADD COLUMN filestore_format varchar(8);
UPDATE backup SET filestore_format = 'tar.gz' WHERE include_filestore AND status IN ('completed', 'expired', 'deleted');

-- A file stored at object_key ({prefix/}pool/{org}/{sha1[0:2]}/{sha1}, .age when encrypted): written only once its
-- upload is whole, so a row says the object is there; its read-back failing removes the row and the next backup
-- uploads the file again.
CREATE TABLE pool_file (
    storage_config_id varchar(36)   NOT NULL REFERENCES storage_config (id),
    object_key        varchar(1024) NOT NULL,
    organization_id   varchar(64)   NOT NULL,
    sha1              char(40)      NOT NULL,
    size              bigint        NOT NULL,
    stored_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (storage_config_id, object_key)
);

-- The pool files a backup lists (its filestore.index), written before the backup relies on them being there.
CREATE TABLE backup_pool_file (
    backup_id         varchar(36)   NOT NULL REFERENCES backup (id) ON DELETE CASCADE,
    storage_config_id varchar(36)   NOT NULL,
    object_key        varchar(1024) NOT NULL,
    PRIMARY KEY (backup_id, storage_config_id, object_key)
);
CREATE INDEX backup_pool_file_object ON backup_pool_file (storage_config_id, object_key);
