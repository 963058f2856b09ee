-- the leases of the restores this instance still runs, renewed (Leases)
UPDATE restore SET lease_until = now() + make_interval(secs => :#seconds)
WHERE id = ANY (:#ids) AND instance_id = :#instance_id AND status IN ('pending', 'running')
