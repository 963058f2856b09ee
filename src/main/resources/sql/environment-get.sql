-- another organization's environment is not found: its existence is not the caller's business
SELECT id, organization_id, name, db_name, odoo_container, db_container, db_user, filestore_path, odoo_version,
       odoo_image, cpu_cores, ram_mb, disk_gb, created_at, allow_unlabelled, docker_host_id,
       -- the backup or restore running on it now; the id of work that has ended is not shown
       CASE WHEN holder_ended(busy_with) THEN NULL ELSE busy_with END AS busy_with
  FROM environment
 WHERE id = :#${exchangeProperty.environmentId}
   AND (CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
        OR organization_id = :#${exchangeProperty.organizationScope.organizationId})
