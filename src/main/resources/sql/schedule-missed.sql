-- a policy's run could not even queue its backup: said on the policy and as an event, in one statement
WITH missed AS (
    UPDATE backup_policy SET last_planned_at = :#planned_at, last_outcome = 'missed', last_outcome_reason = :#reason,
           last_backup_id = NULL
     WHERE environment_id = :#environment_id
    RETURNING environment_id, organization_id
)
INSERT INTO event_outbox (id, type, subject, data)
SELECT gen_random_uuid()::text, 'odoo_backup.schedule.missed', environment_id,
       jsonb_build_object('environment_id', environment_id, 'organization_id', organization_id,
                          'planned_at', CAST(:#planned_text AS text), 'window_end', CAST(:#window_end_text AS text),
                          'reason', CAST(:#reason AS text))
  FROM missed
