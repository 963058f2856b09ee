-- The next item this instance may start (its planned time come, its Docker host running fewer than its
-- max_concurrent items), claimed for it; run under the work lock (work-lock.sql) so that claims on all instances see
-- each other's. Order: planned time, but an organization that already runs its share of items goes after every
-- other organization's waiting work (it is not held back when nobody else waits). The claimed backup or restore takes
-- this instance's lease from now on.
WITH running AS (
    SELECT organization_id, count(*) AS items FROM work_item WHERE status = 'running' GROUP BY organization_id
), on_host AS (
    SELECT docker_host_id, count(*) AS items FROM work_item WHERE status = 'running' GROUP BY docker_host_id
), next AS (
    SELECT w.id
      FROM work_item w LEFT JOIN running r ON r.organization_id = w.organization_id
      LEFT JOIN on_host o ON o.docker_host_id = w.docker_host_id
      LEFT JOIN docker_host h ON h.id = w.docker_host_id
     WHERE w.status = 'queued' AND w.planned_at <= now() AND coalesce(o.items, 0) < coalesce(h.max_concurrent, 2)
     ORDER BY coalesce(r.items, 0) >= :#per_organization, w.planned_at, w.created_at
     LIMIT 1
), claimed AS (
    UPDATE work_item w SET status = 'running', instance_id = :#instance_id, started_at = now()
      FROM next WHERE w.id = next.id
    RETURNING w.*
), leased_backup AS (
    UPDATE backup b SET instance_id = :#instance_id, lease_until = now() + make_interval(secs => :#lease_seconds)
      FROM claimed WHERE b.id = claimed.id AND b.status = 'pending'
), leased_restore AS (
    UPDATE restore r SET instance_id = :#instance_id, lease_until = now() + make_interval(secs => :#lease_seconds)
      FROM claimed WHERE r.id = claimed.id AND r.status = 'pending'
)
SELECT * FROM claimed
