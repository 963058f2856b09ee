package io.odoobackup.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * The contract's settings (docs/api.md §1). Each is a property in application.properties that the
 * environment variable of the same name upper-cased (dots as underscores) overrides.
 */
public record Settings(
        int httpPort,
        Path dataDir,
        Path tmpDir,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        Optional<String> adminToken,
        Optional<String> secretKey,
        String dockerHost,
        int gzipLevel,
        int quartzIdleWaitMs,
        int leaseSeconds,
        Duration stall,
        int lockWaitSeconds,
        String storageAllowedNetworks,
        Path localStorageRoot,
        int s3PartSize,
        Duration shutdownTimeout,
        int uploadRetries,
        long maxBodyBytes,
        int sseStreamsPerToken,
        Optional<String> eventsUri,
        Optional<String> triggerUri,
        Optional<String> amqpUrl,
        int managementPort,
        String managementBind,
        Optional<String> metricsToken,
        boolean metricsEnvironmentLabels,
        int streams,
        int streamsPerOrganization,
        int workers,
        int workersPerOrganization,
        Duration recordsUnreadyAlert) {

    public static Settings from(CamelContext camel) {
        Path dataDir = path(value(camel, "backup.data.dir").orElse("./data"));
        return new Settings(
                number(camel, "backup.http.port", 8080),
                dataDir,
                path(value(camel, "backup.tmp.dir").orElse(System.getProperty("java.io.tmpdir"))),
                value(camel, "backup.db.url"),
                value(camel, "backup.db.user").orElse(""),
                secret(camel, "backup.db.password").orElse(""),
                secret(camel, "backup.admin.token"),
                secret(camel, "backup.secret.key"),
                value(camel, "docker.host").orElse("unix:///var/run/docker.sock"),
                number(camel, "backup.gzip.level", 1),
                number(camel, "backup.quartz.idle.wait.ms", 5000),
                number(camel, "backup.lease.seconds", 60),
                Duration.ofSeconds(number(camel, "backup.stall.seconds", 300)),
                number(camel, "backup.lock.wait.seconds", 60),
                value(camel, "backup.storage.allowed.networks").orElse(""),
                value(camel, "backup.local.storage.root").map(Settings::path).orElse(dataDir.resolve("storage")),
                number(camel, "backup.s3.part.size", 8 * 1024 * 1024),
                Duration.ofSeconds(number(camel, "backup.shutdown.seconds", 15)),
                number(camel, "backup.upload.retries", 2),
                number(camel, "camel.server.max-body-size", 1 << 20),
                number(camel, "backup.sse.streams.per.token", 10),
                value(camel, "backup.events.uri"),
                value(camel, "backup.trigger.uri"),
                secret(camel, "backup.amqp.url"),
                number(camel, "backup.management.port", 9876),
                value(camel, "backup.management.bind").orElse("127.0.0.1"),
                secret(camel, "backup.metrics.token"),
                value(camel, "backup.metrics.environment.labels").map(Boolean::parseBoolean).orElse(true),
                number(camel, "backup.streams", 32),
                number(camel, "backup.streams.per.organization", 8),
                number(camel, "backup.workers", 2),
                number(camel, "backup.workers.per.organization", 4),
                Duration.ofSeconds(number(camel, "backup.alert.records.unready.seconds", 120)));
    }

    private static Path path(String text) {
        return Path.of(text).toAbsolutePath().normalize();
    }

    private static int number(CamelContext camel, String key, int fallback) {
        return value(camel, key).map(Integer::parseInt).orElse(fallback);
    }

    /**
     * A secret setting, or else the content of the file its {@code _FILE} twin names (Docker and systemd secrets): the
     * value itself then never appears in the environment.
     */
    public static Optional<String> secret(CamelContext camel, String key) {
        Optional<String> given = value(camel, key);
        if (given.isPresent()) {
            return given;
        }
        return value(camel, key + ".file").map(file -> {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new StartupRefused(key.replace('.', '_').toUpperCase(Locale.ROOT) + "_FILE names " + file
                        + ", which cannot be read (" + e.getMessage() + "): give a readable file holding the value");
            }
        }).filter(v -> !v.isEmpty());
    }

    private static Optional<String> value(CamelContext camel, String key) {
        return camel.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
