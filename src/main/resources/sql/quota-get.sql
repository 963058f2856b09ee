-- used_bytes counts every stored object of the organization's completed backups: primary objects and copies, and the
-- files of its pools (docs/api.md §15)
SELECT (SELECT quota_bytes FROM organization_quota WHERE organization_id = :#${exchangeProperty.organizationId}) AS quota_bytes,
       coalesce(sum(b.compressed_size), 0)
         + coalesce((SELECT sum(c.stored_size) FROM backup_copy c JOIN backup cb ON cb.id = c.backup_id
                      WHERE cb.organization_id = :#${exchangeProperty.organizationId} AND cb.status = 'completed'
                        AND c.status = 'verified'), 0)
         + coalesce((SELECT sum(p.size) FROM pool_file p WHERE p.organization_id = :#${exchangeProperty.organizationId}), 0) AS used_bytes,
       count(*) AS backup_count
  FROM backup b
 WHERE b.organization_id = :#${exchangeProperty.organizationId} AND b.status = 'completed'
