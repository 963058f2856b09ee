-- true when the organization's completed backups (their objects and verified copies) and its pool files (docs/api.md
-- §15) already fill its quota
SELECT coalesce((SELECT sum(compressed_size) FROM backup
                  WHERE organization_id = q.organization_id AND status = 'completed'), 0)
     + coalesce((SELECT sum(c.stored_size) FROM backup_copy c JOIN backup b ON b.id = c.backup_id
                  WHERE b.organization_id = q.organization_id AND b.status = 'completed' AND c.status = 'verified'), 0)
     + coalesce((SELECT sum(p.size) FROM pool_file p WHERE p.organization_id = q.organization_id), 0)
       >= q.quota_bytes
  FROM organization_quota q
 WHERE q.organization_id = :#${exchangeProperty.job.organizationId} AND q.quota_bytes IS NOT NULL
