-- a policy's backup starts now: on time inside its window, late after it (then also an event), in one statement
WITH started AS (
    UPDATE backup_policy
       SET last_outcome = CASE WHEN :#late THEN 'late' ELSE 'on_time' END,
           last_outcome_reason = CASE WHEN :#late THEN CAST(:#reason AS text) END
     WHERE environment_id = :#environment_id AND last_backup_id = :#backup_id
    RETURNING environment_id, organization_id
)
INSERT INTO event_outbox (id, type, subject, data)
SELECT gen_random_uuid()::text, 'odoo_backup.schedule.late', environment_id,
       jsonb_build_object('environment_id', environment_id, 'organization_id', organization_id, 'backup_id', CAST(:#backup_id AS text),
                          'planned_at', CAST(:#planned_text AS text), 'window_end', CAST(:#window_end_text AS text),
                          'reason', CAST(:#reason AS text))
  FROM started WHERE :#late
