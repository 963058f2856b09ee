-- The conditions that hold now (:#conditions, a JSON array of alert-conditions.sql's rows) against the open alerts,
-- in one statement: a condition without an open alert opens one, an open alert without its condition resolves; each
-- change is queued once for every channel of its organization (the platform's for platform rules) and written as an
-- event. Returns the changes.
WITH c AS (
    SELECT * FROM jsonb_to_recordset(CAST(:#conditions AS jsonb))
        AS x(rule text, organization_id text, environment_id text, subject text, summary text, details jsonb)
), opened AS (
    INSERT INTO alert (id, rule, organization_id, environment_id, subject, status, summary, details)
    SELECT gen_random_uuid()::text, c.rule, c.organization_id, c.environment_id, c.subject, 'open', c.summary, c.details FROM c
    ON CONFLICT (rule, organization_id, subject) WHERE status = 'open' DO NOTHING
    RETURNING *
), resolved AS (
    UPDATE alert a SET status = 'resolved', resolved_at = now()
     WHERE a.status = 'open'
       AND NOT EXISTS (SELECT 1 FROM c WHERE c.rule = a.rule AND c.organization_id = a.organization_id AND c.subject = a.subject)
    RETURNING a.*
), changed AS (
    SELECT opened.*, 'opened' AS transition FROM opened
    UNION ALL
    SELECT resolved.*, 'resolved' FROM resolved
), queued AS (
    INSERT INTO alert_delivery (alert_id, channel_id, transition)
    SELECT changed.id, ch.id, changed.transition
      FROM changed JOIN notification_channel ch ON ch.organization_id = changed.organization_id
), evented AS (
    INSERT INTO event_outbox (id, type, subject, data)
    SELECT gen_random_uuid()::text, 'odoo_backup.alert.' || changed.transition, changed.id, to_jsonb(changed) - 'transition'
      FROM changed
)
SELECT id, rule, organization_id, subject, transition FROM changed
