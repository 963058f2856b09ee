-- Alerts (docs/api.md §13). Conditions are evaluated from the records (sql/alert-conditions.sql); an alert opens when
-- its condition starts and resolves when it ends, each said once per channel through alert_delivery, written in the
-- same statement as the alert (sql/alert-apply.sql), and as an event.

-- Where alerts go: an organization's channels, or the platform's (organization_id 'platform', the admin's).
CREATE TABLE notification_channel (
    id               varchar(36)   PRIMARY KEY,
    organization_id  varchar(64)   NOT NULL,
    kind             varchar(16)   NOT NULL,           -- email, webhook
    name             varchar(128)  NOT NULL,
    settings         jsonb         NOT NULL,           -- smtp_host, smtp_port, smtp_security, smtp_username, from, to; url, style
    secrets          text,                              -- smtp_password, secret: sealed with BACKUP_SECRET_KEY
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX notification_channel_organization ON notification_channel (organization_id);

-- Rules of an organization, and overrides of one environment's (a JSON object of the rules given; the rest default).
CREATE TABLE alert_rules (
    scope       varchar(80)  PRIMARY KEY,                -- an organization's id, or 'environment:' || its id
    rules       jsonb        NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE alert (
    id               varchar(36)   PRIMARY KEY,
    rule             varchar(32)   NOT NULL,
    organization_id  varchar(64)   NOT NULL,             -- 'platform' for the platform's own rules
    environment_id   varchar(64),
    subject          varchar(200)  NOT NULL,             -- what it is about: an environment, a storage, a host, ...
    status           varchar(16)   NOT NULL,             -- open, resolved
    opened_at        timestamptz   NOT NULL DEFAULT now(),
    resolved_at      timestamptz,
    summary          text          NOT NULL,
    details          jsonb         NOT NULL
);
CREATE UNIQUE INDEX alert_one_open ON alert (rule, organization_id, subject) WHERE status = 'open';
CREATE INDEX alert_organization ON alert (organization_id, opened_at DESC);

-- Each alert's opening and resolution, once per channel: sent in order, retried with back-off, from here.
CREATE TABLE alert_delivery (
    seq              bigserial     PRIMARY KEY,
    alert_id         varchar(36)   NOT NULL REFERENCES alert (id),
    channel_id       varchar(36)   NOT NULL,
    transition       varchar(16)   NOT NULL,             -- opened, resolved
    status           varchar(16)   NOT NULL DEFAULT 'pending',   -- pending, sent, failed (gave up)
    attempts         integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz   NOT NULL DEFAULT now(),
    last_error       text,
    sent_at          timestamptz,
    UNIQUE (alert_id, channel_id, transition)
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at) WHERE status = 'pending';

-- When a policy was enabled: an environment that never had a completed backup is late from then on.
ALTER TABLE backup_policy ADD COLUMN enabled_at timestamptz;
UPDATE backup_policy SET enabled_at = updated_at WHERE enabled;

-- A storage that failed to answer (a connection test, an upload): until it answers again.
ALTER TABLE storage_config ADD COLUMN unreachable_since timestamptz;
ALTER TABLE storage_config ADD COLUMN unreachable_reason text;
-- Its leftover clean-up failed (platform rule leftovers_failed): until one succeeds.
ALTER TABLE storage_config ADD COLUMN cleanup_failed_since timestamptz;
ALTER TABLE storage_config ADD COLUMN cleanup_failed_reason text;

-- Restore checks say how they ended as events too (odoo_backup.restore_check.completed|failed).
CREATE OR REPLACE FUNCTION restore_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := CASE NEW.status WHEN 'running' THEN 'started' WHEN 'completed' THEN 'completed'
                     WHEN 'failed' THEN 'failed' END;
BEGIN
    IF kind IS NULL OR NOT (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
        RETURN NULL;
    END IF;
    IF NEW.kind = 'restore' THEN
        INSERT INTO event_outbox (id, type, subject, data)
        VALUES (gen_random_uuid()::text, 'odoo_backup.restore.' || kind, NEW.id,
                to_jsonb(NEW) || jsonb_build_object('environment_id', NEW.target_environment_id));
    ELSIF NEW.kind = 'check' AND kind <> 'started' THEN
        INSERT INTO event_outbox (id, type, subject, data)
        VALUES (gen_random_uuid()::text, 'odoo_backup.restore_check.' || kind, NEW.id,
                to_jsonb(NEW) || jsonb_build_object('environment_id', NEW.target_environment_id));
    END IF;
    RETURN NULL;
END $$;
