UPDATE notification_channel SET name = :#name, settings = CAST(:#settings AS jsonb), secrets = :#secrets, updated_at = now()
 WHERE id = :#id
