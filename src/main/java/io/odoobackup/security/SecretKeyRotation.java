package io.odoobackup.security;

import io.odoobackup.platform.StartupRefused;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Re-seals every secret of the records under a new BACKUP_SECRET_KEY (README, Production): storage and channel
 * credentials, Docker hosts' TLS keys, the organizations' age identities and the key check, in one transaction. A
 * crash or a value that does not open leaves every one sealed as before; nothing is half rotated.
 */
public final class SecretKeyRotation {

    /** Where sealed values live: table, its key column, the sealed column. */
    private static final List<String[]> SEALED = List.of(
            new String[] {"storage_config", "id", "secrets"},
            new String[] {"notification_channel", "id", "secrets"},
            new String[] {"docker_host", "id", "tls_key"},
            new String[] {"organization_key", "id", "identity_sealed"},
            new String[] {"key_check", "id", "sealed"});
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
                for (String[] place : SEALED) {
                    List<String[]> rows = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + place[1] + "::text, " + place[2] + " FROM " + place[0]
                            + " WHERE " + place[2] + " IS NOT NULL FOR UPDATE"); ResultSet r = ps.executeQuery()) {
                        while (r.next()) {
                            rows.add(new String[] {r.getString(1), r.getString(2)});
                        }
                    }
                    for (String[] row : rows) {
                        String plain;
                        try {
                            plain = current.open(row[1]);
                        } catch (IllegalStateException e) {
                            throw new StartupRefused(place[0] + " " + row[0] + " is not sealed with the current BACKUP_SECRET_KEY:"
                                    + " give the key the instances run with; nothing was changed");
                        }
                        try (PreparedStatement ps = c.prepareStatement("UPDATE " + place[0] + " SET " + place[2] + " = ? WHERE "
                                + place[1] + "::text = ?")) {
                            ps.setString(1, next.seal(plain));
                            ps.setString(2, row[0]);
                            ps.executeUpdate();
                        }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT instance_name FROM qrtz_scheduler_state WHERE last_checkin_time > ?")) {
            ps.setLong(1, System.currentTimeMillis() - RUNNING_WITHIN_MS);
            try (ResultSet r = ps.executeQuery()) {
                if (r.next()) {
                    throw new StartupRefused("an instance still runs on these records (" + r.getString(1) + "): stop every"
                            + " instance first, then rotate the key; nothing was changed");
                }
            }
        }
    }
}
