-- work accepted and not yet started, on every instance
SELECT count(*) AS queued FROM work_item WHERE status = 'queued'
