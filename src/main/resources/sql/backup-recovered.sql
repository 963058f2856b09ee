-- a backup record re-created from what the storage holds (its manifest and bytes), by a rescan's task
INSERT INTO backup (id, organization_id, environment_id, storage_config_id, task_id, status, backup_type, backup_key,
                    include_filestore, database_size, filestore_size, total_size, compressed_size, started_at,
                    completed_at, retention_type, expires_at, is_verified, verified_at, database_checksum,
                    filestore_checksum, archive_checksum, environment_snapshot, created_at, created_by, archive_size,
                    stored_checksum, encryption, filestore_format)
VALUES (:#id, :#organization_id, :#environment_id, :#storage_config_id, :#task_id, 'completed', :#backup_type, :#backup_key,
        :#include_filestore, :#database_size, :#filestore_size, :#total_size, :#compressed_size, :#created_at,
        :#created_at, :#retention_type, CAST(:#expires_at AS timestamptz), true, now(), :#database_checksum,
        :#filestore_checksum, :#archive_checksum, CAST(:#environment_snapshot AS jsonb), :#created_at, 'rescan',
        :#archive_size, :#stored_checksum, :#encryption, :#filestore_format)
ON CONFLICT (id) DO NOTHING
