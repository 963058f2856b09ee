SELECT pg_advisory_unlock(hashtext('odoo-backup alert delivery')) AS released
