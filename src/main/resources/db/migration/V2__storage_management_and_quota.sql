-- A deleted storage configuration stays for the backup records that name it.
ALTER TABLE storage_config ADD COLUMN deleted_at timestamptz;
DROP INDEX storage_config_one_default;
CREATE UNIQUE INDEX storage_config_one_default ON storage_config (organization_id) WHERE is_default AND deleted_at IS NULL;

-- Storage quota per organization; no row or a null quota is unlimited.
CREATE TABLE organization_quota (
    organization_id varchar(64) PRIMARY KEY,
    quota_bytes     bigint CHECK (quota_bytes >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
