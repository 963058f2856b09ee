-- a running rescan's lease, renewed while it reads the storage
UPDATE task SET lease_until = now() + make_interval(secs => :#lease_seconds) WHERE id = :#id AND status = 'running'
