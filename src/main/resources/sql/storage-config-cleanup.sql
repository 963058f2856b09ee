-- how the last leftover clean-up of a storage configuration went: failing since its first failure, and why; or fine
UPDATE storage_config
   SET cleanup_failed_since = CASE WHEN CAST(:#${exchangeProperty.cleanupFailure} AS text) IS NULL THEN NULL
                                   ELSE coalesce(cleanup_failed_since, now()) END,
       cleanup_failed_reason = :#${exchangeProperty.cleanupFailure}
 WHERE id = :#${exchangeProperty.storageConfigId}
