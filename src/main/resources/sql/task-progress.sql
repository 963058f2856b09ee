-- a stage's progress (TaskProgress): side-by-side stages keep the highest figure; a task already ended takes none
UPDATE task SET status = 'running', progress = greatest(progress, :#progress), message = :#message, step = :#step,
       started_at = coalesce(started_at, now()), updated_at = now()
WHERE id = :#id AND status IN ('pending', 'queued', 'running')
RETURNING progress
