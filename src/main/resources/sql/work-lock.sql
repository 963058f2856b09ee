-- One claim at a time across instances, until the claim's transaction ends: limits count what the others claimed.
SELECT pg_advisory_xact_lock(hashtext('odoo-backup work claims'))
