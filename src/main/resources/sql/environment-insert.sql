INSERT INTO environment (id, organization_id, name, db_name, odoo_container, db_container, db_user,
                         filestore_path, odoo_version, odoo_image, cpu_cores, ram_mb, disk_gb, allow_unlabelled, docker_host_id)
VALUES (:#id, :#organization_id, :#name, :#db_name, :#odoo_container, :#db_container, :#db_user,
        :#filestore_path, :#odoo_version, :#odoo_image, :#cpu_cores, :#ram_mb, :#disk_gb, :#allow_unlabelled, :#docker_host_id)
