-- Lifecycle events (docs/api.md §10): each status change of a backup or restore writes its CloudEvent's parts into
-- the outbox in the same transaction, by the triggers below; the events-deliver route sends them in order and
-- deletes what was delivered. data is the record as it was at the change.
CREATE TABLE event_outbox (
    seq         bigserial    PRIMARY KEY,
    id          varchar(36)  NOT NULL,
    type        varchar(64)  NOT NULL,
    subject     varchar(64)  NOT NULL,
    data        jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT clock_timestamp()
);

-- one deliverer at a time across instances, so that events leave in the order they were written
CREATE TABLE event_delivery_lease (
    id          integer      PRIMARY KEY CHECK (id = 1),
    holder      varchar(64),
    held_until  timestamptz
);
INSERT INTO event_delivery_lease (id) VALUES (1);

-- the correlation_id of the queue message that asked for a backup or restore, carried by its events
ALTER TABLE backup ADD COLUMN correlation_id varchar(200);
ALTER TABLE restore ADD COLUMN correlation_id varchar(200);

CREATE FUNCTION backup_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := CASE NEW.status WHEN 'in_progress' THEN 'started' WHEN 'completed' THEN 'completed'
                     WHEN 'failed' THEN 'failed' WHEN 'expired' THEN 'expired' WHEN 'deleted' THEN 'deleted' END;
BEGIN
    IF kind IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
        INSERT INTO event_outbox (id, type, subject, data)
        VALUES (gen_random_uuid()::text, 'odoo_backup.backup.' || kind, NEW.id,
                to_jsonb(NEW) || jsonb_build_object('copies', backup_copies(NEW.id)::jsonb));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER backup_events AFTER INSERT OR UPDATE OF status ON backup FOR EACH ROW EXECUTE FUNCTION backup_event();

CREATE FUNCTION restore_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := CASE NEW.status WHEN 'running' THEN 'started' WHEN 'completed' THEN 'completed'
                     WHEN 'failed' THEN 'failed' END;
BEGIN
    IF NEW.kind = 'restore' AND kind IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
        INSERT INTO event_outbox (id, type, subject, data)
        VALUES (gen_random_uuid()::text, 'odoo_backup.restore.' || kind, NEW.id,
                to_jsonb(NEW) || jsonb_build_object('environment_id', NEW.target_environment_id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER restore_events AFTER INSERT OR UPDATE OF status ON restore FOR EACH ROW EXECUTE FUNCTION restore_event();
