-- the leases of the backups this instance still runs, renewed (Leases)
UPDATE backup SET lease_until = now() + make_interval(secs => :#seconds)
WHERE id = ANY (:#ids) AND instance_id = :#instance_id AND status IN ('pending', 'in_progress', 'uploading')
