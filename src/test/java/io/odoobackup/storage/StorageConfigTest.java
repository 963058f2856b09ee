package io.odoobackup.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    private static StorageConfig config(Provider provider, Map<String, Object> settings, Map<String, String> secrets) {
        return new StorageConfig("c1", "org-abc", "n", provider, settings, secrets);
    }

    @Test
    void theBackupKeyFollowsTheContractWithAndWithoutPrefix() {
        assertThat(config(Provider.LOCAL, Map.of(), Map.of()).backupKey("env-123", "b1"))
                .isEqualTo("backups/org-abc/env-123/b1.zip");
        assertThat(config(Provider.S3, Map.of("path_prefix", "production"), Map.of()).backupKey("env-123", "b1"))
                .isEqualTo("production/backups/org-abc/env-123/b1.zip");
    }

    @Test
    void redactRemovesEverySecret() {
        StorageConfig c = config(Provider.S3, Map.of("access_key", "AKIA"), Map.of("secret_key", "s3cr3t/+"));
        assertThat(c.redact("signature for s3cr3t/+ failed")).isEqualTo("signature for **** failed");
        assertThat(c.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void providersMapToTheirS3Endpoints() {
        assertThat(S3Storage.endpoint(config(Provider.R2, Map.of("account_id", "abc123"), Map.of())))
                .hasToString("https://abc123.r2.cloudflarestorage.com");
        assertThat(S3Storage.endpoint(config(Provider.B2, Map.of("region", "us-west-002"), Map.of())))
                .hasToString("https://s3.us-west-002.backblazeb2.com");
        assertThat(S3Storage.endpoint(config(Provider.S3, Map.of(), Map.of()))).isNull();
        assertThat(S3Storage.endpoint(config(Provider.MINIO, Map.of("endpoint_url", "http://minio:9000"), Map.of())))
                .hasToString("http://minio:9000");
        assertThat(S3Storage.region(config(Provider.R2, Map.of(), Map.of()))).isEqualTo("auto");
        assertThat(S3Storage.requestsEncryption(config(Provider.S3, Map.of(), Map.of()))).isTrue();
        assertThat(S3Storage.requestsEncryption(config(Provider.B2, Map.of("region", "us-west-002"), Map.of()))).isTrue();
        assertThat(S3Storage.requestsEncryption(config(Provider.S3, Map.of("endpoint_url", "http://s3proxy"), Map.of()))).isFalse();
        assertThat(S3Storage.requestsEncryption(config(Provider.MINIO, Map.of("endpoint_url", "http://minio"), Map.of()))).isFalse();
    }
}
