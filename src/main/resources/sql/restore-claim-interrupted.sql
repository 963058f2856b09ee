-- Restores whose instance stopped: this instance's own at its start, any whose lease ran out. They are taken
-- over (the lease is this instance's now) to be finished or rolled back.
UPDATE restore SET instance_id = :#${bean:leases?method=getInstanceId},
       lease_until = now() + make_interval(secs => :#${bean:leases?method=getLeaseSeconds})
 WHERE status IN ('pending', 'running')
   AND (lease_until < now() OR (instance_id = :#${bean:leases?method=getInstanceId} AND :#${header.atStart} = true))
RETURNING *
