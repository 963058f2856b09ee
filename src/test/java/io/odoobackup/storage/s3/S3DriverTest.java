package io.odoobackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.storage.StorageConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3DriverTest {

    private static StorageConfig config(String provider, Map<String, Object> settings) {
        return new StorageConfig("c1", "org-abc", "n", provider, settings, Map.of());
    }

    @Test
    void providersMapToTheirS3Endpoints() {
        assertThat(S3Driver.endpoint(config("r2", Map.of("account_id", "0123456789abcdef0123456789abcdef"))))
                .hasToString("https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com");
        assertThat(S3Driver.endpoint(config("b2", Map.of("region", "us-west-002")))).hasToString("https://s3.us-west-002.backblazeb2.com");
        assertThat(S3Driver.endpoint(config("s3", Map.of()))).isNull();
        assertThat(S3Driver.endpoint(config("minio", Map.of("endpoint_url", "http://minio:9000")))).hasToString("http://minio:9000");
        assertThat(S3Driver.region(config("r2", Map.of()))).isEqualTo("auto");
    }

    @Test
    void encryptionIsAskedOnlyAtTheProvidersOwnEndpoints() {
        assertThat(S3Driver.requestsEncryption(config("s3", Map.of()))).isTrue();
        assertThat(S3Driver.requestsEncryption(config("b2", Map.of("region", "us-west-002")))).isTrue();
        assertThat(S3Driver.requestsEncryption(config("s3", Map.of("endpoint_url", "http://s3proxy")))).isFalse();
        assertThat(S3Driver.requestsEncryption(config("minio", Map.of("endpoint_url", "http://minio")))).isFalse();
    }
}
