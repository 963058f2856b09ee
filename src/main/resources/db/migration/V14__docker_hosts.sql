-- The Docker Engines of the platform (docs/api.md, Docker hosts). "default" is this service's own DOCKER_HOST (its
-- url is the setting's, not kept here); others are registered by the admin: a URL, for TCP the host's CA and this
-- service's client certificate and key (the key sealed with BACKUP_SECRET_KEY), how many work items may touch the
-- host at once, and which organizations may use it (empty: every one). Its status is its last check's.
CREATE TABLE docker_host (
    id              varchar(64)   PRIMARY KEY,
    name            varchar(200)  NOT NULL,
    url             varchar(1024),
    tls_ca          text,
    tls_cert        text,
    tls_key         text,
    max_concurrent  integer       NOT NULL DEFAULT 2 CHECK (max_concurrent BETWEEN 1 AND 1000),
    organizations   jsonb         NOT NULL DEFAULT '[]',
    status          varchar(8),
    last_error      text,
    checked_at      timestamptz,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now()
);
INSERT INTO docker_host (id, name) VALUES ('default', 'This service''s DOCKER_HOST');

ALTER TABLE environment ADD COLUMN docker_host_id varchar(64) NOT NULL DEFAULT 'default' REFERENCES docker_host (id);
-- a work item touches its environment's host: at most max_concurrent items of a host run at once (sql/work-claim.sql)
ALTER TABLE work_item ADD COLUMN docker_host_id varchar(64) NOT NULL DEFAULT 'default';
