-- API tokens: stored only as the SHA-256 of the token, scoped to one organization.
CREATE TABLE api_token (
    id              varchar(36)  PRIMARY KEY,
    name            varchar(128) NOT NULL,
    organization_id varchar(64)  NOT NULL,
    permissions     text         NOT NULL,   -- JSON array of permission names
    token_hash      char(64)     NOT NULL UNIQUE,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    revoked_at      timestamptz
);

-- A running or queued backup belongs to the instance that holds its lease; the instance renews it while
-- it lives. A backup whose lease ran out lost its instance and is failed as interrupted.
ALTER TABLE backup ADD COLUMN instance_id varchar(64);
ALTER TABLE backup ADD COLUMN lease_until timestamptz;
CREATE INDEX backup_running_lease ON backup (lease_until) WHERE status IN ('pending', 'in_progress', 'uploading');
