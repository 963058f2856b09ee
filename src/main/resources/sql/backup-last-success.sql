-- each environment's last completed backup, for the metrics' gauges at start; an environment with an enabled policy
-- and none yet has a series too (0: never), so a rule "no backup for 26 hours" holds for it from the first policy on
SELECT e.id AS environment_id, max(b.completed_at) AS completed_at
  FROM environment e
  LEFT JOIN backup b ON b.environment_id = e.id AND b.status IN ('completed', 'expired', 'deleted') AND b.completed_at IS NOT NULL
  LEFT JOIN backup_policy p ON p.environment_id = e.id
 GROUP BY e.id
HAVING max(b.completed_at) IS NOT NULL OR bool_or(p.enabled)
