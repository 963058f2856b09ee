-- Encryption (docs/api.md §8): each organization's age identities, sealed with BACKUP_SECRET_KEY. New backups are
-- encrypted for the active one (retired_at NULL); every one, retired or not, still opens the backups made for it.
CREATE TABLE organization_key (
    id               varchar(36)  PRIMARY KEY,
    organization_id  varchar(64)  NOT NULL,
    recipient        varchar(80)  NOT NULL,
    identity_sealed  text         NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    retired_at       timestamptz
);
CREATE UNIQUE INDEX organization_key_one_active ON organization_key (organization_id) WHERE retired_at IS NULL;

-- What lies in storage: the plaintext ZIP (archive_size, archive_checksum) and the stored bytes (compressed_size,
-- stored_checksum), which differ when the backup is encrypted.
ALTER TABLE backup ADD COLUMN archive_size bigint;
ALTER TABLE backup ADD COLUMN stored_checksum varchar(80);
ALTER TABLE backup ADD COLUMN encryption varchar(16) NOT NULL DEFAULT 'none';
UPDATE backup SET archive_size = compressed_size, stored_checksum = archive_checksum WHERE status IN ('completed', 'expired', 'deleted');
