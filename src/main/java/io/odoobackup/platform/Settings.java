package io.odoobackup.platform;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.camel.CamelContext;

/**
 * The contract's settings (CONTRACT.md §1). Each is a property in application.properties that the
 * environment variable of the same name upper-cased (dots as underscores) overrides.
 */
public record Settings(
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
        int leaseSeconds) {

    public static Settings from(CamelContext camel) {
        Path dataDir = Path.of(value(camel, "backup.data.dir").orElse("./data")).toAbsolutePath().normalize();
        Path tmpDir = Path.of(value(camel, "backup.tmp.dir").orElse(System.getProperty("java.io.tmpdir")))
                .toAbsolutePath().normalize();
        return new Settings(
                dataDir,
                tmpDir,
                value(camel, "backup.db.url"),
                value(camel, "backup.db.user").orElse(""),
                value(camel, "backup.db.password").orElse(""),
                value(camel, "backup.admin.token"),
                value(camel, "backup.secret.key"),
                value(camel, "docker.host").orElse("unix:///var/run/docker.sock"),
                Integer.parseInt(value(camel, "backup.gzip.level").orElse("6")),
                Integer.parseInt(value(camel, "backup.quartz.idle.wait.ms").orElse("5000")),
                Integer.parseInt(value(camel, "backup.lease.seconds").orElse("60")));
    }

    /** The default folder of the {@code local} storage provider. */
    public Path localStorageDir() {
        return dataDir.resolve("storage");
    }

    private static Optional<String> value(CamelContext camel, String key) {
        return camel.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
