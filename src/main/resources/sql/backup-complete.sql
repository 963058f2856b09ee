-- only an uploading backup completes: one failed as interrupted meanwhile stays failed
UPDATE backup
   SET status = 'completed', database_size = :#database_size, filestore_size = :#filestore_size,
       total_size = :#total_size, compressed_size = :#compressed_size, completed_at = now(), lease_until = NULL,
       duration_seconds = ceil(extract(epoch FROM now() - started_at)), is_verified = true, verified_at = now(),
       database_checksum = :#database_checksum, filestore_checksum = :#filestore_checksum,
       archive_checksum = :#archive_checksum, environment_snapshot = :#environment_snapshot,
       archive_size = :#archive_size, stored_checksum = :#stored_checksum, encryption = :#encryption,
       filestore_format = :#filestore_format
 WHERE id = :#id AND status = 'uploading'
