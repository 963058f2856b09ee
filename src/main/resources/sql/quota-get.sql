SELECT (SELECT quota_bytes FROM organization_quota WHERE organization_id = :#${exchangeProperty.organizationId}) AS quota_bytes,
       coalesce(sum(compressed_size), 0) AS used_bytes,
       count(*) AS backup_count
  FROM backup
 WHERE organization_id = :#${exchangeProperty.organizationId} AND status = 'completed'
