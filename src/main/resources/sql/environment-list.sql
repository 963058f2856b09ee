SELECT id, organization_id, name, db_name, odoo_container, db_container, db_user, filestore_path, odoo_version,
       odoo_image, cpu_cores, ram_mb, disk_gb, created_at, allow_unlabelled, docker_host_id,
       -- the backup or restore running on it now; the id of work that has ended is not shown
       CASE WHEN holder_ended(busy_with) THEN NULL ELSE busy_with END AS busy_with
  FROM environment
 WHERE CAST(:#${exchangeProperty.organizationScope.every} AS boolean)
    OR organization_id = :#${exchangeProperty.organizationScope.organizationId}
 ORDER BY created_at DESC, id
 LIMIT :#${header.limit} OFFSET :#${header.offset}
