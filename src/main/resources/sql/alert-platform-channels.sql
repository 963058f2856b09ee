-- the platform's channels, each with the rules set for the platform: whom to tell should the records stop answering
SELECT ch.id, ch.organization_id, ch.kind, ch.name, ch.settings, ch.secrets,
       (SELECT rules FROM alert_rules WHERE scope = 'platform') AS platform_rules
  FROM notification_channel ch
 WHERE ch.organization_id = 'platform'
 ORDER BY ch.created_at, ch.id
