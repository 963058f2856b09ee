-- Backup policy per environment (CONTRACT.md §3): its schedule is a Quartz trigger in the QRTZ_ tables.
CREATE TABLE backup_policy (
    environment_id           varchar(64) PRIMARY KEY,
    organization_id          varchar(64) NOT NULL,
    enabled                  boolean     NOT NULL,
    schedule_time            varchar(5)  NOT NULL,
    timezone                 varchar(64) NOT NULL,
    storage_config_id        varchar(36),
    include_filestore        boolean     NOT NULL,
    daily_retention_days     integer     NOT NULL,
    weekly_retention_weeks   integer     NOT NULL,
    monthly_retention_months integer     NOT NULL,
    yearly_retention_years   integer     NOT NULL,
    weekly_backup_day        varchar(9)  NOT NULL,
    monthly_backup_day       integer     NOT NULL,
    updated_at               timestamptz NOT NULL DEFAULT now()
);

-- One retention sweep at a time across instances: a lease, taken and given back by the sweep.
CREATE TABLE retention_sweep_lease (
    id          integer PRIMARY KEY CHECK (id = 1),
    held_since  timestamptz
);
INSERT INTO retention_sweep_lease (id, held_since) VALUES (1, NULL);

CREATE INDEX backup_expiry ON backup (expires_at) WHERE status = 'completed';
