-- statuses only move forward (docs/api.md §3): a backup already ended elsewhere changes no row
UPDATE backup SET status = 'in_progress', started_at = now()
 WHERE id = :#${exchangeProperty.job.backupId} AND status = 'pending'
