-- Shared, durable work (docs/api.md §3, "Work"): backups, restores and restore checks wait here, in the records
-- every instance shares, until an instance with a free worker claims one (sql/work-claim.sql). A waiting item
-- belongs to no instance, so a restart or a dead instance loses none; a claimed one carries its instance, and the
-- lease of its backup or restore record says whether that instance still lives. The row goes when the work ends.
CREATE TABLE work_item (
    id               varchar(36)  PRIMARY KEY,               -- the backup's or restore's id
    kind             varchar(16)  NOT NULL,                  -- backup, restore, check
    organization_id  varchar(64)  NOT NULL,
    environment_id   varchar(64)  NOT NULL,
    planned_at       timestamptz  NOT NULL,                  -- not before; work is taken in this order
    scheduled        boolean      NOT NULL DEFAULT false,    -- started by a policy
    window_end       timestamptz,                            -- a scheduled backup starting later is late
    attempt          integer      NOT NULL DEFAULT 1,        -- a scheduled backup cut off by a dead instance runs once more
    requested_by     varchar(64),                            -- whose request it is: the work acts for them, in the organization
    status           varchar(16)  NOT NULL DEFAULT 'queued', -- queued, running
    instance_id      varchar(64),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    started_at       timestamptz
);
CREATE INDEX work_item_queued ON work_item (planned_at, created_at) WHERE status = 'queued';
CREATE INDEX work_item_running ON work_item (organization_id) WHERE status = 'running';

-- Queued backups and restores belong to no instance until one claims them: no lease runs out while they wait.
UPDATE backup SET instance_id = NULL, lease_until = NULL WHERE status = 'pending';
UPDATE restore SET instance_id = NULL, lease_until = NULL WHERE status = 'pending';
-- what waited in an instance's memory before this version is queued here instead
INSERT INTO work_item (id, kind, organization_id, environment_id, planned_at, requested_by)
SELECT id, 'backup', organization_id, environment_id, created_at, created_by FROM backup WHERE status = 'pending';
INSERT INTO work_item (id, kind, organization_id, environment_id, planned_at, requested_by)
SELECT id, kind, organization_id, target_environment_id, created_at, created_by FROM restore WHERE status = 'pending';

-- Schedule windows (§3, Backup policy): each environment's planned start lies inside [schedule_time, + window), and
-- how its last scheduled run went is kept with the policy: queued, on_time, late or missed (with the reason).
ALTER TABLE backup_policy ADD COLUMN schedule_window_minutes integer NOT NULL DEFAULT 60
    CHECK (schedule_window_minutes BETWEEN 1 AND 720);
ALTER TABLE backup_policy ADD COLUMN last_planned_at timestamptz;
ALTER TABLE backup_policy ADD COLUMN last_outcome varchar(16);
ALTER TABLE backup_policy ADD COLUMN last_outcome_reason text;
ALTER TABLE backup_policy ADD COLUMN last_backup_id varchar(36);
