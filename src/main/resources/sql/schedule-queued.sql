-- a policy's run has its backup queued
UPDATE backup_policy SET last_planned_at = :#planned_at, last_outcome = 'queued', last_outcome_reason = NULL,
       last_backup_id = :#backup_id
 WHERE environment_id = :#environment_id
