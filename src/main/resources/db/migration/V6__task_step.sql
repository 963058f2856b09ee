-- the pipeline stage a task is in (initialize, database, filestore, manifest, package, upload, verify)
ALTER TABLE task ADD COLUMN step varchar(16);
