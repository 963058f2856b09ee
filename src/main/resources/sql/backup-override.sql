UPDATE backup SET retention_type = :#retention_type, expires_at = :#expires_at WHERE id = :#id
