-- whether a storage answered its last use (a connection test, an upload): unreachable since the first failure, until it answers
UPDATE storage_config
   SET unreachable_since = CASE WHEN :#reachable THEN NULL ELSE coalesce(unreachable_since, now()) END,
       unreachable_reason = CASE WHEN :#reachable THEN NULL ELSE CAST(:#reason AS text) END
 WHERE id = :#id
