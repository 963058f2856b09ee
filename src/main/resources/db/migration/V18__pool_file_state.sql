-- A pool file the sweep found unreferenced is marked 'deleting' before its object is removed: from then on no backup
-- counts on it, and one that needs the file again finishes the deletion before uploading it (docs/design.md, the pool).
ALTER TABLE pool_file ADD COLUMN state varchar(8) NOT NULL DEFAULT 'stored';
CREATE INDEX pool_file_deleting ON pool_file (storage_config_id) WHERE state = 'deleting';
