-- a rescan whose instance stopped renewing its lease: nothing it did is undone (each record it made is whole)
UPDATE task
   SET status = 'failed', completed_at = now(), updated_at = now(), lease_until = NULL,
       message = 'Rescan interrupted: its instance stopped before it ended; run it again (it only adds what is missing)'
 WHERE task_type = 'rescan' AND status = 'running' AND lease_until < now()
RETURNING id, organization_id
