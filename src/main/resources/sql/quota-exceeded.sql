-- true when the organization's completed backups already fill its quota
SELECT coalesce((SELECT sum(compressed_size) FROM backup
                  WHERE organization_id = q.organization_id AND status = 'completed'), 0) >= q.quota_bytes
  FROM organization_quota q
 WHERE q.organization_id = :#${exchangeProperty.job.organizationId} AND q.quota_bytes IS NOT NULL
