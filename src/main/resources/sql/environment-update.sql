-- an environment with a backup or restore running keeps its record as it is until that has ended
UPDATE environment e
   SET name = :#name, db_name = :#db_name, odoo_container = :#odoo_container, db_container = :#db_container,
       db_user = :#db_user, filestore_path = :#filestore_path, odoo_version = :#odoo_version, odoo_image = :#odoo_image,
       cpu_cores = :#cpu_cores, ram_mb = :#ram_mb, disk_gb = :#disk_gb, allow_unlabelled = :#allow_unlabelled,
       docker_host_id = :#docker_host_id
 WHERE e.id = :#id AND holder_ended(e.busy_with)
