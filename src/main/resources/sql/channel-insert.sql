INSERT INTO notification_channel (id, organization_id, kind, name, settings, secrets)
VALUES (:#id, :#organization_id, :#kind, :#name, CAST(:#settings AS jsonb), :#secrets)
