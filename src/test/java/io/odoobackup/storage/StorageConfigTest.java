package io.odoobackup.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void theBackupKeyFollowsTheContractWithAndWithoutPrefix() {
        assertThat(new StorageConfig("c1", "org-abc", "n", "local", Map.of(), Map.of()).backupKey("env-123", "b1"))
                .isEqualTo("backups/org-abc/env-123/b1.zip");
        assertThat(new StorageConfig("c1", "org-abc", "n", "s3", Map.of("path_prefix", "production"), Map.of()).backupKey("env-123", "b1"))
                .isEqualTo("production/backups/org-abc/env-123/b1.zip");
    }

    @Test
    void redactRemovesEverySecret() {
        StorageConfig c = new StorageConfig("c1", "org-abc", "n", "s3", Map.of("access_key", "AKIA"), Map.of("secret_key", "s3cr3t/+"));
        assertThat(c.redact("signature for s3cr3t/+ failed")).isEqualTo("signature for **** failed");
        assertThat(c.toString()).doesNotContain("s3cr3t");
    }
}
