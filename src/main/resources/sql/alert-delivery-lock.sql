-- one deliverer of alert messages at a time across instances, for as long as it holds this connection's lock
SELECT pg_try_advisory_lock(hashtext('odoo-backup alert delivery')) AS held
