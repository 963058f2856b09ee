-- An outage of the records database that is over (RecordsOutage): one resolved alert, unless another instance
-- recorded the same outage already (one that ended after this one began), its resolution queued for the platform's
-- channels and written as an event.
WITH recorded AS (
    INSERT INTO alert (id, rule, organization_id, environment_id, subject, status, opened_at, resolved_at, summary, details)
    SELECT :#id, 'records_unready', 'platform', NULL, 'records', 'resolved', CAST(:#since AS timestamptz), now(),
           :#summary, CAST(:#details AS jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM alert WHERE rule = 'records_unready' AND resolved_at >= CAST(:#since AS timestamptz))
    RETURNING *
), queued AS (
    INSERT INTO alert_delivery (alert_id, channel_id, transition)
    SELECT recorded.id, ch.id, 'resolved' FROM recorded JOIN notification_channel ch ON ch.organization_id = 'platform'
), evented AS (
    INSERT INTO event_outbox (id, type, subject, data)
    SELECT gen_random_uuid()::text, 'odoo_backup.alert.resolved', recorded.id, to_jsonb(recorded) FROM recorded
)
SELECT count(*) AS recorded FROM recorded
