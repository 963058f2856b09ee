package io.odoobackup.security;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.platform.StartupRefused;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Re-seals every secret of the records under a new BACKUP_SECRET_KEY (README, Production): storage and channel
 * credentials, Docker hosts' TLS keys, the organizations' age identities and the key check, in one transaction. A
 * crash or a value that does not open leaves every one sealed as before; nothing is half rotated.
 */
public final class SecretKeyRotation {

    /** The tables that hold sealed values; each has its statements sql/sealed-<table>-read.sql and -write.sql. */
    private static final List<String> SEALED = List.of("storage-config", "notification-channel", "docker-host",
            "organization-key", "key-check");
    /** An instance that checked in to the shared scheduler this recently still runs (Quartz checks in every 7.5 s). */
    private static final long RUNNING_WITHIN_MS = 30_000;

    private SecretKeyRotation() {
    }

    /** Re-seals everything sealed with {@code current} with {@code next}; how many values it re-sealed. */
    public static int rotate(DataSource dataSource, SecretBox current, SecretBox next) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                refuseWhileRunning(c);
                int resealed = 0;
                for (String table : SEALED) {
                    for (Map<String, Object> row : SqlFiles.query(c, "sealed-" + table + "-read", Map.of())) {
                        String plain;
                        try {
                            plain = current.open((String) row.get("sealed"));
                        } catch (IllegalStateException e) {
                            throw new StartupRefused(table.replace('-', '_') + " " + row.get("id") + " is not sealed with the current"
                                    + " BACKUP_SECRET_KEY: give the key the instances run with; nothing was changed");
                        }
                        SqlFiles.update(c, "sealed-" + table + "-write", Map.of("sealed", next.seal(plain), "id", row.get("id")));
                        resealed++;
                    }
                }
                c.commit();
                return resealed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Instances running with the old key would fail every backup whose secret they then could not open. */
    private static void refuseWhileRunning(Connection c) throws SQLException {
        List<Map<String, Object>> running = SqlFiles.query(c, "scheduler-instances-running",
                Map.of("since", System.currentTimeMillis() - RUNNING_WITHIN_MS));
        if (!running.isEmpty()) {
            throw new StartupRefused("an instance still runs on these records (" + running.get(0).get("instance_name") + "): stop"
                    + " every instance first, then rotate the key; nothing was changed");
        }
    }
}
