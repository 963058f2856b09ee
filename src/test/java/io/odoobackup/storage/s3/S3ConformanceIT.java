package io.odoobackup.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.it.Tools;
import io.odoobackup.storage.Storage;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageConformance;
import io.odoobackup.storage.StorageDriver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract against S3Proxy, with 8 MiB parts so that the large stream is a multipart upload. */
class S3ConformanceIT extends StorageConformance {

    private static final String BUCKET = "conformance-" + Long.toString(System.nanoTime(), 36);
    private final S3Driver driver = new S3Driver(LOCAL_SERVERS, 8 << 20, READ_TIMEOUT);

    @BeforeAll
    static void bucket() throws Exception {
        Tools.aws("s3", "mb", "s3://" + BUCKET);
    }

    @AfterAll
    static void removeBucket() throws Exception {
        // the folders of an upload aborted after such a removal stay behind, empty, and S3Proxy counts them as content
        try (Stream<Path> files = Files.walk(Path.of(".infra/s3data", BUCKET))) {
            List<Path> empty = files.filter(f -> f.toString().contains("/.mpus-")).sorted(Comparator.reverseOrder()).toList();
            for (Path path : empty) {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> inside = Files.list(path)) {
                        if (inside.findAny().isEmpty()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        }
        Tools.aws("s3", "rb", "--force", "s3://" + BUCKET);
    }

    @Override
    protected StorageDriver driver() {
        return driver;
    }

    @Override
    protected StorageConfig config(int port) {
        return s3(port, Tools.S3_SECRET_KEY);
    }

    @Override
    protected StorageConfig wrongCredentials() {
        return s3(0, "{{env:HOME}})&RAW(#bean%41ü-wrong");
    }

    @Override
    protected int serverPort() {
        return URI.create(Tools.S3_ENDPOINT).getPort();
    }

    @Override
    protected Path serverFile(String key) {
        return Path.of(".infra/s3data", BUCKET, key).toAbsolutePath();
    }

    /**
     * S3Proxy keeps a part whose sender stopped mid-body as a file without its metadata, and every listing of
     * the bucket fails on it from then on: the proxy freezes before the first part (real S3 has no such file).
     */
    @Override
    protected long bytesBeforeStall() {
        return 0;
    }

    /**
     * The same happens to a part that was being sent when the server went down (parts are sent while the next is
     * read): such files are removed as S3 would never have kept them, so the driver's clean-up is what is tested.
     */
    @Override
    protected void serverRestored() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of(".infra/s3data", BUCKET))) {
            for (Path file : files.filter(f -> f.toString().contains("/.mpus-") && Files.isRegularFile(f)).toList()) {
                if (!Files.getFileAttributeView(file, UserDefinedFileAttributeView.class).list().contains("content-md5")) {
                    Files.delete(file);
                }
            }
        }
    }

    private StorageConfig s3(int port, String secret) {
        return new StorageConfig("conformance-s3", "org-conformance", "S3Proxy", "minio", Map.of("bucket", BUCKET,
                "endpoint_url", "http://127.0.0.1:" + (port == 0 ? serverPort() : port), "access_key", Tools.S3_ACCESS_KEY),
                Map.of("secret_key", secret));
    }

    @Test
    void anUnfinishedMultipartUploadLeftByACrashIsAbortedByTheCleanUp() throws Exception {
        String key = key("crashed.zip");
        Tools.aws("s3api", "create-multipart-upload", "--bucket", BUCKET, "--key", key);
        assertThat(Tools.aws("s3api", "list-multipart-uploads", "--bucket", BUCKET, "--prefix", prefix)).contains(key);
        try (Storage storage = driver.open(config())) {
            assertThat(storage.clean(prefix + "/backups", Instant.now().minus(Duration.ofHours(1)))).as("too young").isZero();
            assertThat(storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofMinutes(5)))).isEqualTo(1);
        }
        assertThat(Tools.aws("s3api", "list-multipart-uploads", "--bucket", BUCKET, "--prefix", prefix)).doesNotContain(key);
    }
}
