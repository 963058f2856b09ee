package io.odoobackup.it;

import io.odoobackup.app.ServiceConfiguration;
import io.odoobackup.work.WorkDispatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real service, started once per test JVM on a fresh database in the PostgreSQL on 127.0.0.1:5432
 * and driven over HTTP like any client. Tests reach inside only to advise a route for fault injection.
 */
public final class TestService extends ApiClient {

    public static final String TOKEN = "it-admin-token-0123456789";
    public static final String ALLOWED_NETWORKS = "127.0.0.1/32";
    public static final String EVENTS_QUEUE = "odoo-backup-it-events";
    public static final String EXCHANGE = "odoo-backup-it";
    public static final String TRIGGER_QUEUE = "odoo-backup-it-requests";
    private static final String PG_URL = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static TestService shared;

    private final MutableClock clock;
    private final Main main;
    private final Path tmpDir;
    private final Path dataDir;

    private final String database;

    private TestService(Main main, MutableClock clock, String database, String baseUrl, Path tmpDir, Path dataDir) {
        super(baseUrl, TOKEN);
        this.main = main;
        this.clock = clock;
        this.database = database;
        this.tmpDir = tmpDir;
        this.dataDir = dataDir;
    }

    public static synchronized TestService shared() throws Exception {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static TestService start() throws Exception {
        String database = "odoo_backup_it_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Path root = Files.createTempDirectory("odoo-backup-it");
        Path tmpDir = Files.createDirectories(root.resolve("tmp"));
        Path dataDir = Files.createDirectories(root.resolve("data"));
        int port = Tools.freePort();
        Main main = new Main();
        main.configure().addConfiguration(ServiceConfiguration.class);
        main.addOverrideProperty("backup.http.port", Integer.toString(port));
        main.addOverrideProperty("backup.management.port", Integer.toString(Tools.freePort()));
        main.addOverrideProperty("backup.db.url", PG_URL.replace("/postgres", "/" + database));
        main.addOverrideProperty("backup.db.user", "postgres");
        main.addOverrideProperty("backup.data.dir", dataDir.toString());
        main.addOverrideProperty("backup.tmp.dir", tmpDir.toString());
        main.addOverrideProperty("backup.admin.token", TOKEN);
        main.addOverrideProperty("backup.upload.retry.delay.ms", "200");
        main.addOverrideProperty("backup.quartz.idle.wait.ms", "1000");
        main.addOverrideProperty("backup.lease.seconds", "6");
        main.addOverrideProperty("backup.lease.check.ms", "1000");
        // the test servers (S3Proxy, vsftpd, sshd) listen on this machine's loopback address
        main.addOverrideProperty("backup.storage.allowed.networks", ALLOWED_NETWORKS);
        main.addOverrideProperty("backup.local.storage.root", dataDir.resolve("storage").toString());
        main.addOverrideProperty("backup.lock.wait.seconds", "3");
        // events to an exchange of the machine's RabbitMQ (routing key events, a queue bound for EventsIT), requests
        // from a queue bound to the same exchange (routing key requests)
        main.addOverrideProperty("backup.amqp.url", "amqp://guest:guest@127.0.0.1:5672");
        main.addOverrideProperty("backup.events.uri", "spring-rabbitmq:" + EXCHANGE + "?routingKey=events&autoDeclareProducer=true&queues="
                + EVENTS_QUEUE + "&arg.queue.durable=true");
        main.addOverrideProperty("backup.trigger.uri", "spring-rabbitmq:" + EXCHANGE + "?queues=" + TRIGGER_QUEUE
                + "&routingKey=requests&autoDeclare=true&arg.queue.durable=true");
        main.addOverrideProperty("backup.events.poll.ms", "200");
        main.addOverrideProperty("backup.alert.check.ms", "1000");
        main.addOverrideProperty("backup.alert.delivery.ms", "500");
        main.addOverrideProperty("backup.docker.host.check.ms", "2000");
        MutableClock clock = new MutableClock();
        main.bind("clock", clock);
        main.start();
        return new TestService(main, clock, database, "http://127.0.0.1:" + port, tmpDir, dataDir);
    }

    private void stop() {
        try {
            main.stop();
            try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        } catch (Exception ignored) {
            // the JVM is ending; a left database is named odoo_backup_it_* and harmless
        }
    }

    /** Where local storage of the organization keeps its objects (BACKUP_LOCAL_STORAGE_ROOT/{org}). */
    public Path localStorage(String organization) {
        return dataDir.resolve("storage").resolve(organization);
    }

    /**
     * The settings of a second instance (a packaged service process) sharing this one's records, keys, local
     * storage root and allowed networks, with its own data and temp folders.
     */
    public Map<String, String> instanceSettings(Path data, Path tmp) throws IOException {
        Map<String, String> settings = new HashMap<>();
        settings.put("BACKUP_DB_URL", databaseUrl());
        settings.put("BACKUP_DB_USER", "postgres");
        settings.put("BACKUP_DATA_DIR", data.toString());
        settings.put("BACKUP_TMP_DIR", tmp.toString());
        settings.put("BACKUP_ADMIN_TOKEN", TOKEN);
        settings.put("BACKUP_SECRET_KEY", secretKey());
        settings.put("BACKUP_LOCAL_STORAGE_ROOT", dataDir.resolve("storage").toString());
        settings.put("BACKUP_STORAGE_ALLOWED_NETWORKS", ALLOWED_NETWORKS);
        return settings;
    }

    /** The key sealing stored secrets, for a second instance that must read them. */
    public String secretKey() throws java.io.IOException {
        return Files.readString(dataDir.resolve("secret-key")).trim();
    }

    /**
     * While open, this instance claims no work from the shared queue: what a second instance of a test accepts runs
     * there (and what this one accepts waits for it).
     */
    public AutoCloseable workElsewhere() {
        WorkDispatcher workers = main.getCamelContext().getRegistry().lookupByNameAndType("workDispatcher", WorkDispatcher.class);
        workers.stopClaiming();
        return workers::startClaiming;
    }

    /** The service's clock: tests move time with it instead of waiting. */
    public MutableClock clock() {
        return clock;
    }

    /** The JDBC URL of the service's database, for a second instance sharing it. */
    public String databaseUrl() {
        return PG_URL.replace("/postgres", "/" + database);
    }

    /** A direct connection to the service's own database, for checks no API shows (secrets at rest). */
    public Connection database() throws java.sql.SQLException {
        return DriverManager.getConnection(PG_URL.replace("/postgres", "/" + database), "postgres", "");
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** BACKUP_TMP_DIR of the service: empty whenever no backup runs. */
    public Path tmpDir() {
        return tmpDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
