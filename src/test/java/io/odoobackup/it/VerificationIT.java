package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real verification mismatch: the stored object is altered between upload and verify (the one place
 * a test reaches inside, by advising the backup-verify route), and the pipeline must notice.
 */
class VerificationIT {

    private static final String ORG = "org-verify";
    private static final String ENV = "it-verify";
    private static final AtomicInteger CORRUPTIONS = new AtomicInteger();
    private static TestService service;
    private static Path storage;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--files", "30");
        service.environment(ENV, ORG, "odoo_it_verify");
        service.folderStorage(ORG);
        storage = service.localStorage(ORG);
        AdviceWith.adviceWith(service.camel(), "backup-verify", route -> route.weaveAddFirst().process(exchange -> {
            if (CORRUPTIONS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Path stored = storage.resolve(exchange.getProperty("storageKey", String.class));
                byte[] bytes = Files.readAllBytes(stored);
                bytes[bytes.length / 2] ^= 0x5A; // same size, other bytes
                Files.write(stored, bytes);
            }
        }));
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void aMismatchOnEveryAttemptFailsTheBackupAndLeavesNoObject() throws Exception {
        CORRUPTIONS.set(3);
        JsonNode backup = service.backup(ENV, "{}");
        assertThat(CORRUPTIONS.get()).as("all three attempts verified").isZero();
        assertThat(backup.get("status").asText()).isEqualTo("failed");
        assertThat(backup.get("error_message").asText()).isEqualTo("Verification failed: checksum mismatch");
        assertThat(backup.get("is_verified").asBoolean()).isFalse();
        assertThat(storage.resolve(backup.get("backup_key").asText())).doesNotExist();
        try (Stream<Path> temp = Files.list(service.tmpDir())) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void aMismatchOnTheFirstAttemptIsUploadedAgainAndVerified() throws Exception {
        CORRUPTIONS.set(1);
        JsonNode backup = service.backup(ENV, "{}");
        assertThat(CORRUPTIONS.get()).isZero();
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        assertThat(backup.get("is_verified").asBoolean()).isTrue();
        Path zip = storage.resolve(backup.get("backup_key").asText());
        assertThat("sha256:" + Tools.sha256(zip)).isNotEqualTo(backup.get("database_checksum").asText());
        assertThat(Files.size(zip)).isEqualTo(backup.get("compressed_size").asLong());
        assertThat(Tools.run(java.util.List.of("unzip", "-tq", zip.toString())).exitCode()).isZero();
    }
}
