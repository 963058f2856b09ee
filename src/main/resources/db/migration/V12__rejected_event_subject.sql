-- A rejected trigger message's event has the message's correlation_id as its subject, which may be as long as the
-- correlation_id a backup or restore records (200 characters): the outbox takes it whole.
ALTER TABLE event_outbox ALTER COLUMN subject TYPE varchar(200);
