package io.odoobackup.app;

import io.odoobackup.platform.Database;
import io.odoobackup.platform.Settings;
import io.odoobackup.platform.StartupRefused;
import io.odoobackup.security.KeyFiles;
import io.odoobackup.security.SecretBox;
import io.odoobackup.security.SecretKeyRotation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar odoo-backup.jar rotate-secret-key}: with every instance stopped, re-seals the records' secrets
 * from the current BACKUP_SECRET_KEY to BACKUP_NEW_SECRET_KEY (or its _FILE), in one transaction. A key kept in
 * BACKUP_DATA_DIR/secret-key is replaced there once the records hold the new one; a key given as a setting is the
 * operator's to change on every instance.
 */
public final class SecretKeyCommand {

    public static final String NAME = "rotate-secret-key";
    private static final Logger LOG = LoggerFactory.getLogger("odoo-backup");

    private SecretKeyCommand() {
    }

    /** Exit codes: 0 rotated, 2 refused (one line says why; nothing changed), 1 otherwise. */
    public static int run() {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            Settings settings = Settings.from(camel);
            String next = Settings.secret(camel, "backup.new.secret.key").orElseThrow(() -> new StartupRefused(
                    "BACKUP_NEW_SECRET_KEY (or BACKUP_NEW_SECRET_KEY_FILE) is not set: give the new key (openssl rand -base64 32)"));
            String current = ServiceConfiguration.secretKey(settings);
            if (next.length() < 16 || next.equals(current)) {
                throw new StartupRefused("BACKUP_NEW_SECRET_KEY must differ from the current key and hold at least 16 characters");
            }
            int resealed;
            try (Database records = Database.open(settings)) {
                resealed = SecretKeyRotation.rotate(records.dataSource(), new SecretBox(current), new SecretBox(next));
            }
            if (settings.secretKey().isEmpty()) {
                Path file = settings.dataDir().resolve("secret-key");
                try {
                    KeyFiles.write(file, next);
                } catch (IOException e) {
                    throw new IOException("the records are sealed with the new key now, but " + file + " could not be written ("
                            + e.getMessage() + "): put the new key there (or set BACKUP_SECRET_KEY) before the next start", e);
                }
                LOG.info("BACKUP_SECRET_KEY rotated: {} secrets re-sealed; {} holds the new key", resealed, file);
            } else {
                LOG.info("BACKUP_SECRET_KEY rotated: {} secrets re-sealed; start every instance with the new key as BACKUP_SECRET_KEY",
                        resealed);
            }
            return 0;
        } catch (StartupRefused e) {
            LOG.error("The secret key was not rotated: {}", e.getMessage());
            return 2;
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.error("The secret key was not rotated: {}", e.getMessage());
            return 1;
        }
    }
}
