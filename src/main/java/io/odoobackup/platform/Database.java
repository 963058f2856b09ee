package io.odoobackup.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL that holds the service's own records: BACKUP_DB_URL when set, else an embedded
 * PostgreSQL under BACKUP_DATA_DIR/postgres. The schema is brought up to date by Flyway at start.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    /** The PostgreSQL major of the embedded binaries (pom.xml). */
    private static final String EMBEDDED_MAJOR = "17";

    private final EmbeddedPostgres embedded;
    private final String description;
    private final CountDownLatch closed;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded, String description, CountDownLatch closed) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
        this.closed = closed;
    }

    public static Database open(Settings settings) throws IOException {
        EmbeddedPostgres embedded = null;
        CountDownLatch closed = new CountDownLatch(1);
        String description;
        HikariConfig config = new HikariConfig();
        if (settings.dbUrl().isPresent()) {
            description = "PostgreSQL at " + withoutParameters(settings.dbUrl().get());
            config.setJdbcUrl(settings.dbUrl().get());
            config.setUsername(settings.dbUser());
            config.setPassword(settings.dbPassword());
        } else {
            var dir = settings.dataDir().resolve("postgres");
            Files.createDirectories(dir);
            description = "embedded PostgreSQL in " + dir + " (BACKUP_DB_URL unset)";
            refuseOtherMajor(dir);
            AtomicReference<EmbeddedPostgres> started = new AtomicReference<>();
            stopAtExit(started, closed, settings.shutdownTimeout().plusSeconds(15));
            try {
                embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false) // its own hook would stop it while Quartz still reads it
                        .start();
                started.set(embedded);
            } catch (IOException | RuntimeException e) {
                throw new StartupRefused("the embedded PostgreSQL in " + dir + " does not start (" + Causes.rootMessage(e)
                        + "): is another odoo-backup running on this BACKUP_DATA_DIR? Else its log is in " + dir);
            }
            config.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
        }
        // lets plain strings bind to jsonb and timestamptz parameters
        config.addDataSourceProperty("stringtype", "unspecified");
        config.setMaximumPoolSize(10);
        config.setPoolName("odoo-backup");
        // one connection first: the pool would log its failure as a stack trace before the line that says what to do
        try (Connection probe = DriverManager.getConnection(config.getJdbcUrl(), config.getUsername(), config.getPassword())) {
            probe.isValid(5);
        } catch (SQLException e) {
            if (embedded != null) {
                embedded.close();
                closed.countDown();
            }
            throw new StartupRefused("the records database (" + description + ") does not answer (" + e.getMessage()
                    + "): start it, or fix BACKUP_DB_URL, BACKUP_DB_USER and BACKUP_DB_PASSWORD");
        }
        Database database = new Database(new HikariDataSource(config), embedded, description, closed);
        try {
            Flyway.configure().dataSource(database.dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * Releases before 0.2 embedded PostgreSQL 14 (past its end of life); a data directory of another major cannot be
     * opened, and starting on it would fail with PostgreSQL's own words only.
     */
    private static void refuseOtherMajor(Path dir) throws IOException {
        Path version = dir.resolve("PG_VERSION");
        if (Files.exists(version)) {
            String major = Files.readString(version).strip();
            if (!major.equals(EMBEDDED_MAJOR)) {
                throw new StartupRefused("the embedded records in " + dir + " are PostgreSQL " + major + "'s and this release embeds "
                        + "PostgreSQL " + EMBEDDED_MAJOR + ": move them to a PostgreSQL server and set BACKUP_DB_URL, or start on "
                        + "an empty BACKUP_DATA_DIR and recover the catalog from storage (README, Upgrades)");
            }
        }
    }

    /**
     * The service's stop closes the embedded PostgreSQL after everything else (the application's shutdown notifier); a
     * stop that never gets there (SIGTERM while the service starts) must not leave it running.
     */
    private static void stopAtExit(AtomicReference<EmbeddedPostgres> started, CountDownLatch closed, Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS) && started.get() != null) {
                    started.get().close();
                }
            } catch (InterruptedException | IOException e) {
                // the JVM ends; PostgreSQL recovers its files at the next start
            }
        }, "embedded-postgres-stop"));
    }

    /** For the startup summary: where the records are, without credentials. */
    public String description() {
        return description;
    }

    /** A JDBC URL without its query, where a password may be given. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        String bare = query < 0 ? url : url.substring(0, query);
        return bare.replaceFirst("//[^/@]*@", "//");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
        closed.countDown();
    }
}
