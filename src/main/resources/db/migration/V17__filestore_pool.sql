-- The incremental filestore (docs/api.md §15): each organization's file contents once per place, and which of them
-- each backup lists. A pool file is removed only when no backup that can still be read lists it.

-- what the backup's ZIP holds of the filestore: 'tar.gz' (the files themselves) or 'index' (the list of pooled files)
ALTER TABLE backup ADD COLUMN filestore_format varchar(8);
UPDATE backup SET filestore_format = 'tar.gz' WHERE include_filestore AND status IN ('completed', 'expired', 'deleted');

-- A file stored at object_key ({prefix/}pool/{org}/{sha1[0:2]}/{sha1}, .age when encrypted) in place (the server and
-- bucket or base folder, as StorageDriver.place says: configurations reaching the same objects share their rows).
-- 'stored' is written only once its upload is whole, so such a row says the object is there. The sweep marks an
-- unreferenced one 'deleting' before its object is removed: from then on no backup counts on it, and one that needs
-- the file again finishes the removal before uploading it. A read-back that fails removes the row: the next backup
-- uploads the file again.
CREATE TABLE pool_file (
    place             varchar(1024) NOT NULL,
    object_key        varchar(1024) NOT NULL,
    storage_config_id varchar(36)   NOT NULL REFERENCES storage_config (id), -- one that reaches it, for the sweep
    organization_id   varchar(64)   NOT NULL,
    sha1              char(40)      NOT NULL,
    size              bigint        NOT NULL,
    state             varchar(8)    NOT NULL DEFAULT 'stored',
    stored_at         timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (place, object_key)
);
CREATE INDEX pool_file_deleting ON pool_file (place) WHERE state = 'deleting';

-- The pool files a backup lists (its filestore.index) where it lies (its primary storage, or a copy's), written before
-- the backup relies on them being there.
CREATE TABLE backup_pool_file (
    backup_id         varchar(36)   NOT NULL REFERENCES backup (id) ON DELETE CASCADE,
    storage_config_id varchar(36)   NOT NULL,
    place             varchar(1024) NOT NULL,
    object_key        varchar(1024) NOT NULL,
    PRIMARY KEY (backup_id, storage_config_id, object_key)
);
CREATE INDEX backup_pool_file_object ON backup_pool_file (place, object_key);
