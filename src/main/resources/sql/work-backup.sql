-- a claimed backup's record, with whether its policy asks for a restore check after it (scheduled backups only)
SELECT b.*, coalesce(p.verify_restore AND b.backup_type = 'scheduled', false) AS verify_after
  FROM backup b LEFT JOIN backup_policy p ON p.environment_id = b.environment_id
 WHERE b.id = :#id
