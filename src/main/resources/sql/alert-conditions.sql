-- Every alert condition that holds now (docs/api.md §13), one row each: rule, organization (or 'platform'),
-- environment, subject, summary, details (since when, why, what to do). Rules are the defaults (:#defaults), over them
-- the organization's, over those the environment's overrides; a rule set to false or null is off. The platform's rules
-- (:#platform, over them those set for the organization 'platform') go to the platform's channels.
WITH plat AS (
    SELECT CAST(:#platform AS jsonb) || coalesce((SELECT rules FROM alert_rules WHERE scope = 'platform'), '{}') AS r
), env AS (
    SELECT e.id, e.organization_id,
           CAST(:#defaults AS jsonb) || coalesce(o.rules, '{}') || coalesce(x.rules, '{}') AS r
      FROM environment e
      LEFT JOIN alert_rules o ON o.scope = e.organization_id
      LEFT JOIN alert_rules x ON x.scope = 'environment:' || e.id
), org AS (
    SELECT ids.organization_id, CAST(:#defaults AS jsonb) || coalesce(o.rules, '{}') AS r
      FROM (SELECT organization_id FROM storage_config UNION SELECT organization_id FROM organization_quota) ids
      LEFT JOIN alert_rules o ON o.scope = ids.organization_id
), ended AS (
    -- each environment's ended backups, newest first (a pre-restore backup is the restore's business)
    SELECT b.environment_id, b.id, b.status, b.error_message, b.created_at, b.completed_at,
           row_number() OVER (PARTITION BY b.environment_id ORDER BY b.created_at DESC) AS n
      FROM backup b
     WHERE b.backup_type <> 'pre_restore' AND b.status IN ('completed', 'failed', 'expired', 'deleted')
), checks AS (
    SELECT r.target_environment_id AS environment_id, r.status, r.error_message, r.completed_at,
           row_number() OVER (PARTITION BY r.target_environment_id ORDER BY r.created_at DESC) AS n
      FROM restore r WHERE r.kind = 'check' AND r.status IN ('completed', 'failed')
)
SELECT 'backup_failed' AS rule, env.organization_id, env.id AS environment_id, env.id AS subject,
       'The last backup of environment ' || env.id || ' failed: ' || coalesce(l.error_message, 'no reason recorded') AS summary,
       jsonb_build_object('since', l.completed_at, 'backup_id', l.id, 'reason', l.error_message,
                          'what_to_do', 'Fix what the reason says, then back up again (POST /api/v1/backups/environments/'
                                        || env.id || '/backups) or wait for the next scheduled backup') AS details
  FROM env JOIN ended l ON l.environment_id = env.id AND l.n = 1
 WHERE coalesce((env.r->>'backup_failed')::boolean, false) AND l.status = 'failed'
UNION ALL
SELECT 'failures_in_a_row', env.organization_id, env.id, env.id,
       'The last ' || (env.r->>'failures_in_a_row') || ' backups of environment ' || env.id || ' failed (' || (env.r->>'failures_in_a_row')
           || ' failures in a row); the last said: ' || coalesce(f.reason, 'no reason recorded'),
       jsonb_build_object('since', f.since, 'failures', f.failures, 'reason', f.reason,
                          'what_to_do', 'Backups of this environment keep failing: fix what the reason says before the next one')
  FROM env, LATERAL (
        SELECT count(*) AS failures, min(l.completed_at) AS since,
               (array_agg(l.error_message ORDER BY l.n))[1] AS reason, bool_and(l.status = 'failed') AS all_failed
          FROM ended l WHERE l.environment_id = env.id AND l.n <= (env.r->>'failures_in_a_row')::int) f
 WHERE jsonb_typeof(env.r->'failures_in_a_row') = 'number' AND f.all_failed AND f.failures = (env.r->>'failures_in_a_row')::int
UNION ALL
SELECT 'schedule_' || p.last_outcome, env.organization_id, env.id, env.id,
       CASE p.last_outcome WHEN 'late' THEN 'The scheduled backup of environment ' || env.id || ' planned at '
                                            || to_char(p.last_planned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC started late: '
                                            || coalesce(p.last_outcome_reason, '')
                           ELSE 'The scheduled backup of environment ' || env.id || ' planned at '
                                || to_char(p.last_planned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC did not run: '
                                || coalesce(p.last_outcome_reason, '') END,
       jsonb_build_object('since', p.last_planned_at, 'backup_id', p.last_backup_id, 'reason', p.last_outcome_reason,
                          'what_to_do', CASE p.last_outcome WHEN 'late'
                              THEN 'Add workers (BACKUP_WORKERS, more instances) or widen the policy''s schedule_window_minutes'
                              ELSE 'Fix what the reason says (a running restore, the storage, the quota); the next run is at the policy''s next_run_at' END)
  FROM env JOIN backup_policy p ON p.environment_id = env.id
 WHERE p.enabled AND p.last_outcome IN ('late', 'missed')
   AND coalesce((env.r->>('schedule_' || p.last_outcome))::boolean, false)
UNION ALL
SELECT 'no_backup_hours', env.organization_id, env.id, env.id,
       CASE WHEN s.last IS NULL THEN 'Environment ' || env.id || ' has had no completed backup since its policy was enabled, '
                                     || (env.r->>'no_backup_hours') || ' hours ago or more'
            ELSE 'Environment ' || env.id || ' has had no completed backup for ' || (env.r->>'no_backup_hours') || ' hours (the last one completed at '
                 || to_char(s.last AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)' END,
       jsonb_build_object('since', coalesce(s.last, p.enabled_at), 'last_completed_at', s.last,
                          'what_to_do', 'See why its backups do not complete (GET /api/v1/backups/environments/' || env.id
                                        || '/backups, the policy''s last_run) and back it up by hand meanwhile')
  FROM env JOIN backup_policy p ON p.environment_id = env.id
  LEFT JOIN LATERAL (SELECT max(l.completed_at) AS last FROM ended l WHERE l.environment_id = env.id AND l.status <> 'failed') s ON true
 WHERE p.enabled AND jsonb_typeof(env.r->'no_backup_hours') = 'number'
   AND coalesce(s.last, p.enabled_at) < now() - make_interval(secs => (env.r->>'no_backup_hours')::numeric * 3600)
UNION ALL
SELECT 'restore_check_failed', env.organization_id, env.id, env.id,
       'The last restore check of environment ' || env.id || ' failed: ' || coalesce(c.error_message, 'no reason recorded'),
       jsonb_build_object('since', c.completed_at, 'reason', c.error_message,
                          'what_to_do', 'A backup that does not restore is no backup: read the reason, back up again and check that one')
  FROM env JOIN checks c ON c.environment_id = env.id AND c.n = 1
 WHERE coalesce((env.r->>'restore_check_failed')::boolean, false) AND c.status = 'failed'
UNION ALL
SELECT 'backup_damaged', env.organization_id, env.id, env.id,
       'Backup ' || d.id || ' of environment ' || env.id || ' was found damaged in storage (its object, or a pool file it lists)',
       jsonb_build_object('since', d.damaged_at, 'backup_id', d.id,
                          'what_to_do', 'Back up again (an incremental backup uploads missing pool files again); until then restore from a copy or an older backup')
  FROM env JOIN LATERAL (
       SELECT b.id, b.damaged_at FROM backup b
        WHERE b.environment_id = env.id AND b.status = 'completed' AND b.damaged_at IS NOT NULL
          AND b.damaged_at > coalesce((SELECT max(g.completed_at) FROM backup g WHERE g.environment_id = env.id
                                          AND g.status = 'completed' AND g.damaged_at IS NULL), '-infinity')
        ORDER BY b.damaged_at DESC LIMIT 1) d ON true
 WHERE coalesce((env.r->>'backup_damaged')::boolean, false)
UNION ALL
SELECT 'copy_failed', env.organization_id, env.id, env.id,
       'The copy of the last backup of environment ' || env.id || ' failed: ' || coalesce(k.message, 'no reason recorded'),
       jsonb_build_object('since', k.created_at, 'backup_id', l.id, 'storage_config_id', k.storage_config_id, 'reason', k.message,
                          'what_to_do', 'The backup stands on its primary storage only: check the second storage (POST .../test)')
  FROM env JOIN ended l ON l.environment_id = env.id AND l.n = 1
  JOIN backup_copy k ON k.backup_id = l.id AND k.status = 'failed'
 WHERE coalesce((env.r->>'copy_failed')::boolean, false)
UNION ALL
SELECT 'storage_unreachable', s.organization_id, NULL, s.id,
       'Storage configuration ' || s.name || ' (' || s.id || ') does not answer: ' || coalesce(s.unreachable_reason, ''),
       jsonb_build_object('since', s.unreachable_since, 'storage_config_id', s.id, 'reason', s.unreachable_reason,
                          'what_to_do', 'Check the storage and its configuration (POST /api/v1/backups/storage-configs/' || s.id || '/test)')
  FROM storage_config s JOIN org ON org.organization_id = s.organization_id
 WHERE s.deleted_at IS NULL AND s.unreachable_since IS NOT NULL AND coalesce((org.r->>'storage_unreachable')::boolean, false)
UNION ALL
SELECT 'quota_percent', q.organization_id, NULL, q.organization_id,
       'Organization ' || q.organization_id || ' has used ' || round(100.0 * u.used / q.quota_bytes) || '% of its storage quota',
       jsonb_build_object('used_bytes', u.used, 'quota_bytes', q.quota_bytes,
                          'what_to_do', 'Delete backups that are no longer needed, shorten retention, or ask for a larger quota')
  FROM organization_quota q JOIN org ON org.organization_id = q.organization_id,
       LATERAL (SELECT coalesce((SELECT sum(compressed_size) FROM backup WHERE organization_id = q.organization_id AND status = 'completed'), 0)
                     + coalesce((SELECT sum(c.stored_size) FROM backup_copy c JOIN backup b ON b.id = c.backup_id
                                  WHERE b.organization_id = q.organization_id AND b.status = 'completed' AND c.status = 'verified'), 0)
                     + coalesce((SELECT sum(p.size) FROM pool_file p WHERE p.organization_id = q.organization_id), 0) AS used) u
 WHERE q.quota_bytes > 0 AND jsonb_typeof(org.r->'quota_percent') = 'number'
   AND u.used >= q.quota_bytes * (org.r->>'quota_percent')::numeric / 100
UNION ALL
SELECT 'outbox_stalled_minutes', 'platform', NULL, 'outbox',
       'Events have not been delivered for ' || (plat.r->>'outbox_stalled_minutes') || ' minutes or more ('
           || o.waiting || ' waiting, the oldest since ' || to_char(o.oldest AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)',
       jsonb_build_object('since', o.oldest, 'waiting', o.waiting,
                          'what_to_do', 'Check the receiver of BACKUP_EVENTS_URI (the broker) and the service''s log')
  FROM plat, (SELECT count(*) AS waiting, min(created_at) AS oldest FROM event_outbox) o
 WHERE jsonb_typeof(plat.r->'outbox_stalled_minutes') = 'number'
   AND o.oldest < now() - make_interval(secs => (plat.r->>'outbox_stalled_minutes')::numeric * 60)
UNION ALL
SELECT 'docker_host_down', 'platform', NULL, h.id,
       'Docker host ' || h.id || ' does not answer: ' || coalesce(h.last_error, ''),
       jsonb_build_object('since', h.checked_at, 'reason', h.last_error,
                          'what_to_do', 'Its environments'' backups and restores fail until it is back: check the server and its dockerd')
  FROM docker_host h, plat
 WHERE h.status = 'down' AND coalesce((plat.r->>'docker_host_down')::boolean, false)
UNION ALL
SELECT 'leftovers_failed', 'platform', NULL, s.id,
       'Leftovers of interrupted uploads could not be removed from storage configuration ' || s.name || ' (' || s.id
           || ') of organization ' || s.organization_id || ': ' || coalesce(s.cleanup_failed_reason, ''),
       jsonb_build_object('since', s.cleanup_failed_since, 'storage_config_id', s.id, 'organization_id', s.organization_id,
                          'reason', s.cleanup_failed_reason,
                          'what_to_do', 'Partial uploads pile up there until this works: test the storage (POST /api/v1/backups/storage-configs/'
                                        || s.id || '/test) and check that its credentials may list and delete')
  FROM storage_config s, plat
 WHERE s.deleted_at IS NULL AND s.cleanup_failed_since IS NOT NULL AND coalesce((plat.r->>'leftovers_failed')::boolean, false)
