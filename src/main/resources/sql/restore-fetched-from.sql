-- which location of the backup the restore (or restore check) read: {"storage_config_id","key","copy"}
UPDATE restore SET fetched_from = CAST(:#fetched_from AS jsonb) WHERE id = :#id
