-- The backup or restore that last took an environment. The environment is busy while that one has not ended
-- (its record is not completed, failed, expired or deleted); taking it and creating the record happen in one
-- statement, so a backup and a restore of one environment never run at once, on any instance.
ALTER TABLE environment ADD COLUMN busy_with varchar(36);

-- Restores and restore checks (CONTRACT.md §3). The names of what a restore creates are recorded before it creates them, and its
-- stage before each step that changes the target, so that a restarted instance can finish or roll back.
CREATE TABLE restore (
    id                     varchar(36)  PRIMARY KEY,
    kind                   varchar(16)  NOT NULL DEFAULT 'restore', -- or 'check': a restore verification into a scratch database
    organization_id        varchar(64)  NOT NULL,
    backup_id              varchar(36)  NOT NULL REFERENCES backup (id),
    target_environment_id  varchar(64)  NOT NULL,
    task_id                varchar(36)  NOT NULL,
    status                 varchar(16)  NOT NULL,
    stage                  varchar(16)  NOT NULL,
    include_filestore      boolean      NOT NULL,
    pre_restore_backup     boolean      NOT NULL,
    pre_restore_backup_id  varchar(36),
    db_name                varchar(63)  NOT NULL,
    new_db_name            varchar(63)  NOT NULL,
    old_db_name            varchar(63)  NOT NULL,
    filestore_path         varchar(1024) NOT NULL,
    new_filestore_path     varchar(1100) NOT NULL,
    old_filestore_path     varchar(1100) NOT NULL,
    error_message          text,
    created_at             timestamptz  NOT NULL DEFAULT now(),
    started_at             timestamptz,
    completed_at           timestamptz,
    created_by             varchar(64),
    instance_id            varchar(64),
    lease_until            timestamptz
);
CREATE INDEX restore_environment ON restore (target_environment_id, created_at DESC);
CREATE UNIQUE INDEX restore_one_running_per_environment ON restore (target_environment_id)
    WHERE kind = 'restore' AND status IN ('pending', 'running');
CREATE INDEX restore_running_lease ON restore (lease_until) WHERE status IN ('pending', 'running');

ALTER TABLE task ADD COLUMN restore_id varchar(36);

-- Whether the backup or restore that last took an environment has ended (a holder that is not found has not:
-- it may be a record another statement is creating right now).
CREATE FUNCTION holder_ended(holder varchar) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT holder IS NULL
        OR EXISTS (SELECT 1 FROM backup b WHERE b.id = holder AND b.status NOT IN ('pending', 'in_progress', 'uploading'))
        OR EXISTS (SELECT 1 FROM restore r WHERE r.id = holder AND r.status NOT IN ('pending', 'running'))
$$;

-- Restore verification: when the backup was last proven restorable, and what the proof found.
ALTER TABLE backup ADD COLUMN restore_verified_at timestamptz;
ALTER TABLE backup ADD COLUMN restore_check jsonb;
ALTER TABLE backup_policy ADD COLUMN verify_restore boolean NOT NULL DEFAULT false;
