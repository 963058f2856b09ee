package io.odoobackup.environment;

import java.util.Map;

/**
 * An Odoo deployment to back up: its two containers, its database and where its filestore lives. Containers
 * without the organization's label are backed up only when the admin token registered them so.
 */
public record Environment(String id, String organizationId, String name, String dbName, String odooContainer,
                          String dbContainer, String dbUser, String filestorePath, String odooVersion,
                          String odooImage, Integer cpuCores, Integer ramMb, Integer diskGb, boolean unlabelledAllowed,
                          String dockerHostId) {

    public static Environment fromRow(Map<String, Object> row) {
        return new Environment((String) row.get("id"), (String) row.get("organization_id"), (String) row.get("name"),
                (String) row.get("db_name"), (String) row.get("odoo_container"), (String) row.get("db_container"),
                (String) row.get("db_user"), (String) row.get("filestore_path"), (String) row.get("odoo_version"),
                (String) row.get("odoo_image"), (Integer) row.get("cpu_cores"), (Integer) row.get("ram_mb"),
                (Integer) row.get("disk_gb"), Boolean.TRUE.equals(row.get("allow_unlabelled")),
                row.get("docker_host_id") == null ? DockerHosts.DEFAULT : (String) row.get("docker_host_id"));
    }
}
