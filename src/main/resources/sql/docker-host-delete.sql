-- a host no environment names any more; the default host is never removed
DELETE FROM docker_host h
 WHERE h.id = :#${exchangeProperty.dockerHostId} AND h.id <> 'default'
   AND NOT EXISTS (SELECT 1 FROM environment e WHERE e.docker_host_id = h.id)
