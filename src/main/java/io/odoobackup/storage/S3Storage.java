package io.odoobackup.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 family (s3, r2, b2, minio): maps a configuration's fields to an S3 client and binds it in
 * the registry for the aws2-s3 endpoints of the storage-*-s3 routes. The client is built here because
 * Camel has no option for the SDK's checksum mode: its default CRC checksums break S3-compatible stores.
 */
public final class S3Storage {

    private final CamelContext camel;
    private final Map<String, String> clientNames = new ConcurrentHashMap<>();

    public S3Storage(CamelContext camel) {
        this.camel = camel;
    }

    /**
     * Prepares an aws2-s3 call on the exchange properties {@code storage} and {@code storageKey}: the
     * properties {@code s3Bucket}, {@code s3Client} (a registry name) and {@code s3Encryption} for the
     * endpoint, and its headers.
     */
    public void prepare(Exchange exchange) {
        StorageConfig config = exchange.getProperty("storage", StorageConfig.class);
        exchange.setProperty("s3Bucket", config.setting("bucket").orElseThrow());
        exchange.setProperty("s3Client", clientName(config));
        exchange.setProperty("s3Encryption", requestsEncryption(config));
        Message message = exchange.getMessage();
        message.setHeader("CamelAwsS3Key", exchange.getProperty("storageKey", String.class));
        config.setting("storage_class").ifPresent(c -> message.setHeader("CamelAwsS3StorageClass", c));
    }

    /**
     * SSE-S3 is asked of AWS S3 and Backblaze B2 at their own endpoints. R2 always encrypts; MinIO needs a
     * KMS for it; a custom endpoint_url may be any S3-compatible server, and some refuse the header (501).
     */
    static boolean requestsEncryption(StorageConfig config) {
        return (config.provider() == Provider.S3 || config.provider() == Provider.B2) && config.setting("endpoint_url").isEmpty();
    }

    private String clientName(StorageConfig config) {
        // a changed configuration gets a new client under a new name
        String name = "s3-" + config.id() + "-" + Integer.toHexString(Objects.hash(config.settings(), config.secrets()));
        String previous = clientNames.put(config.id(), name);
        if (!name.equals(previous)) {
            camel.getRegistry().bind(name, S3Client.class, build(config));
            if (previous != null) {
                S3Client old = camel.getRegistry().lookupByNameAndType(previous, S3Client.class);
                camel.getRegistry().unbind(previous);
                if (old != null) {
                    old.close();
                }
            }
        }
        return name;
    }

    static S3Client build(StorageConfig config) {
        boolean b2 = config.provider() == Provider.B2;
        String accessKey = config.setting(b2 ? "application_key_id" : "access_key").orElseThrow();
        String secretKey = config.secret(b2 ? "application_key" : "secret_key");
        var builder = S3Client.builder()
                .region(Region.of(region(config)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        URI endpoint = endpoint(config);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    static String region(StorageConfig config) {
        return switch (config.provider()) {
            case R2 -> "auto";
            default -> config.setting("region").orElse("us-east-1");
        };
    }

    /** Where the provider's S3 API answers; null for AWS itself. An explicit endpoint_url wins. */
    static URI endpoint(StorageConfig config) {
        return config.setting("endpoint_url").map(URI::create).orElseGet(() -> switch (config.provider()) {
            case R2 -> URI.create("https://" + config.setting("account_id").orElseThrow() + ".r2.cloudflarestorage.com");
            case B2 -> URI.create("https://s3." + config.setting("region").orElseThrow() + ".backblazeb2.com");
            default -> null;
        });
    }
}
