package io.odoobackup.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret settings read from files (BACKUP_*_FILE), as Docker and systemd secrets give them. */
class SettingsTest {

    private static final String[] KEYS = {"backup.db.password", "backup.db.password.file", "backup.secret.key.file",
            "backup.admin.token.file"};

    @AfterEach
    void forget() {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
    }

    @Test
    void aSecretComesFromTheFileItsFileSettingNamesAndTheValueItselfWins(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("db-password"), "s3cret-from-file\n");
        Path key = Files.writeString(dir.resolve("secret-key"), "a-long-secret-key-from-a-file");
        System.setProperty("backup.db.password.file", password.toString());
        System.setProperty("backup.secret.key.file", key.toString());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Settings settings = Settings.from(camel);
            assertThat(settings.dbPassword()).isEqualTo("s3cret-from-file");
            assertThat(settings.secretKey()).contains("a-long-secret-key-from-a-file");
            assertThat(settings.adminToken()).isEmpty();
            System.setProperty("backup.db.password", "given-directly");
            assertThat(Settings.from(camel).dbPassword()).isEqualTo("given-directly");
        }
    }

    @Test
    void anUnreadableSecretFileStopsTheStartNamingTheSettingAndTheFile(@TempDir Path dir) throws Exception {
        System.setProperty("backup.admin.token.file", dir.resolve("missing").toString());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThatThrownBy(() -> Settings.from(camel)).isInstanceOf(StartupRefused.class)
                    .hasMessageContaining("BACKUP_ADMIN_TOKEN_FILE names " + dir.resolve("missing"))
                    .hasMessageContaining("give a readable file");
        }
    }
}
