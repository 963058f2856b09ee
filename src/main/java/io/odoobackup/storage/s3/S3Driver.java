package io.odoobackup.storage.s3;

import io.odoobackup.security.Names;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Field;
import io.odoobackup.storage.Hosts;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDriver;
import io.odoobackup.storage.StorageErrors;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 API: AWS S3, Cloudflare R2, Backblaze B2 and MinIO (or any S3-compatible server). The SDK client is
 * used directly: camel-aws2-s3 takes its bucket as endpoint-URI text and cannot stat or list unfinished
 * uploads. The client is built with the SDK's checksums off where not required (S3-compatible stores reject
 * its default CRCs) and resolves hosts through the egress rule on every connection.
 */
public final class S3Driver implements StorageDriver {

    private static final Predicate<String> BUCKET = Names.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Predicate<String> KEY_ID = Names.matches("[A-Za-z0-9+/=._-]{1,128}");
    private static final Predicate<String> REGION = Names.matches("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    private static final Predicate<String> B2_REGION = Names.matches("[a-z]{2}-[a-z]{2,16}-[0-9]{3}");
    private static final Predicate<String> R2_ACCOUNT = Names.matches("[0-9a-f]{32}");

    private static final Field BUCKET_FIELD = Field.text("bucket", BUCKET,
            "a bucket name: 3-63 lower-case letters, digits, '.' or '-'").asRequired().asDestination();
    private static final Field ENDPOINT = Field.text("endpoint_url", Hosts.ENDPOINT_URL, Hosts.ENDPOINT_URL_HINT).asDestination();
    private static final Field PREFIX = Field.text("path_prefix", Names.KEY_PREFIX, Names.KEY_PREFIX_HINT).asDestination();
    private static final Field STORAGE_CLASS = Field.text("storage_class", Names.matches("[A-Z_]{1,32}"),
            "an S3 storage class such as STANDARD or STANDARD_IA");
    private static final Field ACCESS_KEY = Field.text("access_key", KEY_ID, "an access key id").asRequired();
    private static final Field REGION_FIELD = Field.text("region", REGION, "a region such as us-east-1").asDestination();

    private final Egress egress;
    private final int partSize;
    private final Duration readTimeout;

    public S3Driver(Egress egress, int partSize, Duration readTimeout) {
        this.egress = egress;
        this.partSize = partSize;
        this.readTimeout = readTimeout;
    }

    @Override
    public List<String> providers() {
        return List.of("s3", "r2", "b2", "minio");
    }

    @Override
    public List<Field> fields(String provider) {
        return switch (provider) {
            case "s3" -> List.of(BUCKET_FIELD, ACCESS_KEY, Field.secret("secret_key"), REGION_FIELD, STORAGE_CLASS, PREFIX, ENDPOINT);
            case "r2" -> List.of(BUCKET_FIELD, Field.text("account_id", R2_ACCOUNT, "the Cloudflare account id: 32 hex digits").asRequired().asDestination(), ACCESS_KEY, Field.secret("secret_key"), PREFIX, ENDPOINT);
            case "b2" -> List.of(BUCKET_FIELD, Field.text("region", B2_REGION, "a B2 region such as us-west-002").asRequired().asDestination(),
                    Field.text("application_key_id", KEY_ID, "a B2 application key id").asRequired(), Field.secret("application_key"),
                    STORAGE_CLASS, PREFIX, ENDPOINT);
            case "minio" -> List.of(BUCKET_FIELD, ENDPOINT.asRequired(), ACCESS_KEY, Field.secret("secret_key"), REGION_FIELD, PREFIX);
            default -> throw new IllegalArgumentException(provider);
        };
    }

    @Override
    public String place(StorageConfig config) {
        URI endpoint = endpoint(config);
        return (endpoint == null ? "aws:" + config.setting("region").orElse("") : endpoint.toString().replaceAll("/+$", ""))
                + "/" + config.setting("bucket").orElseThrow();
    }

    @Override
    public Optional<RemoteHost> remoteHost(StorageConfig config) {
        URI endpoint = endpoint(config);
        if (endpoint == null) {
            return Optional.empty(); // AWS's own regional endpoints
        }
        String field = config.setting("endpoint_url").isPresent() ? "endpoint_url"
                : config.provider().equals("r2") ? "account_id" : "region";
        return Optional.of(new RemoteHost(field, endpoint.getHost()));
    }

    @Override
    public Storage open(StorageConfig config) {
        boolean b2 = config.provider().equals("b2");
        String accessKey = config.setting(b2 ? "application_key_id" : "access_key").orElseThrow();
        String secretKey = config.secret(b2 ? "application_key" : "secret_key");
        var builder = S3Client.builder()
                .region(Region.of(region(config)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .dnsResolver(egress::resolve)
                        .connectionTimeout(Duration.ofSeconds(20))
                        .socketTimeout(readTimeout));
        URI endpoint = endpoint(config);
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return new S3Storage(builder.build(), config.setting("bucket").orElseThrow(), requestsEncryption(config),
                config.setting("storage_class").orElse(null), partSize);
    }

    @Override
    public String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSuchBucketException) {
                return "the bucket does not exist";
            }
            if (t instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)) {
                return "access denied: check the access key and secret (" + s3.awsErrorDetails().errorCode() + ")";
            }
            if (t instanceof S3Exception s3) {
                String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
                return "the S3 server answered HTTP " + s3.statusCode() + (code == null ? "" : " " + code);
            }
        }
        return StorageErrors.describe(failure);
    }

    static String region(StorageConfig config) {
        return config.provider().equals("r2") ? "auto" : config.setting("region").orElse("us-east-1");
    }

    /** Where the provider's S3 API answers; null for AWS itself. An explicit endpoint_url wins. */
    static URI endpoint(StorageConfig config) {
        return config.setting("endpoint_url").map(URI::create).orElseGet(() -> switch (config.provider()) {
            case "r2" -> URI.create("https://" + config.setting("account_id").orElseThrow() + ".r2.cloudflarestorage.com");
            case "b2" -> URI.create("https://s3." + config.setting("region").orElseThrow() + ".backblazeb2.com");
            default -> null;
        });
    }

    /**
     * SSE-S3 is asked of AWS S3 and Backblaze B2 at their own endpoints. R2 always encrypts; MinIO needs a
     * KMS for it; a custom endpoint_url may be any S3-compatible server, and some refuse the header (501).
     */
    static boolean requestsEncryption(StorageConfig config) {
        return (config.provider().equals("s3") || config.provider().equals("b2")) && config.setting("endpoint_url").isEmpty();
    }
}
