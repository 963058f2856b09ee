-- what the last restore check of the backup found; restore_verified_at only when it passed
UPDATE backup SET restore_check = CAST(:#${exchangeProperty.restore.result.check[json]} AS jsonb),
       restore_verified_at = CASE WHEN :#${exchangeProperty.restore.result.check[ok]} THEN now() ELSE restore_verified_at END
 WHERE id = :#${exchangeProperty.restore.backupId}
