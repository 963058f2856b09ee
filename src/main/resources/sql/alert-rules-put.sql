INSERT INTO alert_rules (scope, rules) VALUES (:#${exchangeProperty.scope}, CAST(:#${exchangeProperty.rules} AS jsonb))
ON CONFLICT (scope) DO UPDATE SET rules = excluded.rules, updated_at = now()
