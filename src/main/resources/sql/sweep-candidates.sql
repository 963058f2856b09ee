-- completed backups past their expiry, never the newest completed backup of an environment
SELECT b.* FROM backup b
 WHERE b.status = 'completed' AND b.expires_at IS NOT NULL AND b.expires_at <= :#${exchangeProperty.now}
   AND b.id <> (SELECT n.id FROM backup n WHERE n.environment_id = b.environment_id AND n.status = 'completed'
                 ORDER BY n.created_at DESC, n.id DESC LIMIT 1)
 ORDER BY b.expires_at, b.id
