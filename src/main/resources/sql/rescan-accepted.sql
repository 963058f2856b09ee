-- a rescan of a storage, accepted: its task runs at once on this instance, under a lease (CatalogRescan)
INSERT INTO task (id, task_type, status, progress, message, organization_id, step, started_at, lease_until)
VALUES (:#id, 'rescan', 'running', 0, :#message, :#organization_id, 'list', now(), now() + make_interval(secs => :#lease_seconds))
