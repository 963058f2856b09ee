-- a trigger message that could not be carried out: answered by an event like every other
INSERT INTO event_outbox (id, type, subject, data)
VALUES (:#id, 'odoo_backup.request.rejected', :#subject, CAST(:#data AS jsonb))
