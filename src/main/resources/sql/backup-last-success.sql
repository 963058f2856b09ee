-- each environment's last completed backup, for the metrics' gauges at start
SELECT environment_id, max(completed_at) AS completed_at FROM backup
 WHERE status IN ('completed', 'expired', 'deleted') AND completed_at IS NOT NULL GROUP BY environment_id
