-- open alerts by rule, for the metric odoo_backup_alerts_open{rule}
SELECT rule, count(*) AS open FROM alert WHERE status = 'open' GROUP BY rule
