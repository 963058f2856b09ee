package io.odoobackup.security;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.platform.StartupRefused;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Proof that this instance holds the BACKUP_SECRET_KEY the records were sealed with: a known text sealed by
 * the first instance, which every later instance must open before it starts. Two instances with different
 * keys on one database would otherwise start and fail each backup whose stored secret the other sealed.
 */
public final class KeyCheck {

    private static final String TEXT = "odoo-backup key check v1";

    private KeyCheck() {
    }

    public static void verify(DataSource dataSource, SecretBox box) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<String> sealed = sealed(c, "key-check-get");
            if (sealed.isEmpty()) {
                // records from before the key check: a stored secret says which key they were sealed with
                sealed(c, "key-check-any-secret").ifPresent(s -> open(box, s));
                SqlFiles.update(c, "key-check-insert", Map.of("sealed", box.seal(TEXT)));
                sealed = sealed(c, "key-check-get"); // another instance may have won the insert
            }
            if (!TEXT.equals(open(box, sealed.orElseThrow()))) {
                throw wrongKey();
            }
        }
    }

    private static String open(SecretBox box, String sealed) {
        try {
            return box.open(sealed);
        } catch (IllegalStateException e) {
            throw wrongKey();
        }
    }

    private static StartupRefused wrongKey() {
        return new StartupRefused("BACKUP_SECRET_KEY is not the key the records in this database were sealed with:"
                + " every instance sharing BACKUP_DB_URL must use the same BACKUP_SECRET_KEY (the first instance generated"
                + " it into its BACKUP_DATA_DIR/secret-key unless it was set). This instance does not start.");
    }

    private static Optional<String> sealed(Connection c, String statement) throws SQLException {
        return SqlFiles.first(c, statement, Map.of()).map(row -> (String) row.get("sealed"));
    }
}
