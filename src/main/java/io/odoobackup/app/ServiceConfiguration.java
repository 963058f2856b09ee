package io.odoobackup.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Version;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.odoobackup.alerts.AlertRules;
import io.odoobackup.alerts.Alerts;
import io.odoobackup.alerts.NotificationChannels;
import io.odoobackup.alerts.Notifier;
import io.odoobackup.alerts.RecordsOutage;
import io.odoobackup.api.ApiHttpEngine;
import io.odoobackup.api.ByteRanges;
import io.odoobackup.api.Downloads;
import io.odoobackup.api.ExchangeAuth;
import io.odoobackup.api.JsonContent;
import io.odoobackup.api.JsonMapper;
import io.odoobackup.api.Pages;
import io.odoobackup.api.PathIds;
import io.odoobackup.api.ProblemResponder;
import io.odoobackup.api.RouterProblems;
import io.odoobackup.api.StreamedAnswers;
import io.odoobackup.api.TaskEventStream;
import io.odoobackup.api.TokenRequests;
import io.odoobackup.archive.Compression;
import io.odoobackup.backup.ArchiveUpload;
import io.odoobackup.backup.BackupArchiver;
import io.odoobackup.backup.BackupFailures;
import io.odoobackup.backup.BackupOverrides;
import io.odoobackup.backup.BackupRecords;
import io.odoobackup.backup.BackupWorkspace;
import io.odoobackup.backup.ContainerOwnership;
import io.odoobackup.backup.DatabaseDumper;
import io.odoobackup.backup.FilestoreArchiver;
import io.odoobackup.backup.FilestorePool;
import io.odoobackup.backup.InstalledModules;
import io.odoobackup.backup.Leases;
import io.odoobackup.backup.ManifestWriter;
import io.odoobackup.backup.SizeEstimates;
import io.odoobackup.api.TaskEvents;
import io.odoobackup.backup.TaskProgress;
import io.odoobackup.backup.UploadBody;
import io.odoobackup.backup.UploadRetries;
import io.odoobackup.backup.UploadVerifier;
import io.odoobackup.catalog.CatalogRescan;
import io.odoobackup.console.ConsoleAssets;
import io.odoobackup.copies.Locations;
import io.odoobackup.encryption.KeyEscrow;
import io.odoobackup.encryption.OrganizationKeys;
import io.odoobackup.environment.DatabaseProbe;
import io.odoobackup.environment.DockerHostRequests;
import io.odoobackup.environment.DockerHosts;
import io.odoobackup.environment.EnvironmentRequests;
import io.odoobackup.events.EventDelivery;
import io.odoobackup.events.TriggerMessages;
import io.odoobackup.operations.BackupMetrics;
import io.odoobackup.operations.DockerHostsCheck;
import io.odoobackup.operations.MetricsAuth;
import io.odoobackup.operations.ReadinessCheck;
import io.odoobackup.platform.Database;
import io.odoobackup.platform.LogContext;
import io.odoobackup.platform.Settings;
import io.odoobackup.platform.Stalls;
import io.odoobackup.platform.StartupRefused;
import io.odoobackup.restore.BackupArchive;
import io.odoobackup.restore.DatabaseLoader;
import io.odoobackup.restore.EnvironmentSwap;
import io.odoobackup.pool.PoolFiles;
import io.odoobackup.pool.PoolReader;
import io.odoobackup.pool.PoolSweep;
import io.odoobackup.restore.FilestoreUnpacker;
import io.odoobackup.restore.OdooExport;
import io.odoobackup.restore.PoolVerification;
import io.odoobackup.restore.RestoreChecker;
import io.odoobackup.restore.RestoreProgress;
import io.odoobackup.restore.RestoreRecords;
import io.odoobackup.restore.RestoreRecovery;
import io.odoobackup.restore.RestoreSteps;
import io.odoobackup.retention.GfsRetentionPolicy;
import io.odoobackup.retention.RetentionSweep;
import io.odoobackup.schedule.BackupSchedules;
import io.odoobackup.schedule.Policies;
import io.odoobackup.schedule.QuartzConnections;
import io.odoobackup.schedule.ScheduleRuns;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.KeyCheck;
import io.odoobackup.security.KeyFiles;
import io.odoobackup.security.SecretBox;
import io.odoobackup.security.Tokens;
import io.odoobackup.storage.Egress;
import io.odoobackup.storage.Keyring;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageProbe;
import io.odoobackup.storage.ftp.FtpDriver;
import io.odoobackup.storage.local.LocalDriver;
import io.odoobackup.storage.s3.S3Driver;
import io.odoobackup.storage.sftp.SftpDriver;
import io.odoobackup.storageconfigs.Quotas;
import io.odoobackup.storageconfigs.StorageConfigs;
import io.odoobackup.work.WorkDispatcher;
import io.odoobackup.work.WorkJobs;
import io.odoobackup.work.WorkQueueDepth;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.quartz.Scheduler;
import org.quartz.utils.DBConnectionManager;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/** The wiring: every bean the YAML routes name, built from the contract's settings. */
public class ServiceConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = Settings.from(camel);
        // what the service cannot run without is checked first, each refused in one line
        Startup.requirePortFree(settings.httpPort(), "BACKUP_HTTP_PORT");
        Startup.requirePortFree(settings.managementPort(), "BACKUP_MANAGEMENT_PORT");
        Startup.requireBroker(settings);
        camel.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new ApiHttpEngine(settings.httpPort()));
        Stalls stalls = new Stalls(settings.stall());
        Version dockerVersion = Startup.requireDocker(() -> DockerHosts.client(settings.dockerHost()), settings.dockerHost());
        // keys, the embedded database and local backups live here: the service's user alone may enter
        Files.createDirectories(settings.dataDir());
        Files.setPosixFilePermissions(settings.dataDir(), PosixFilePermissions.fromString("rwx------"));
        SecretBox secretBox = new SecretBox(secretKey(settings));
        Database database = Database.open(settings);
        try {
            wire(camel, settings, stalls, dockerVersion, secretBox, database);
        } catch (Exception | Error e) {
            database.close(); // a refused start leaves no embedded PostgreSQL running
            throw e;
        }
    }

    private void wire(CamelContext camel, Settings settings, Stalls stalls, Version dockerVersion,
                      SecretBox secretBox, Database database) throws Exception {
        Registry registry = camel.getRegistry();
        registry.bind("dataSource", database.dataSource());
        KeyCheck.verify(database.dataSource(), secretBox);

        ObjectMapper json = JsonMapper.create();
        registry.bind("jsonMapper", ObjectMapper.class, json);
        registry.bind("problems", new ProblemResponder(json));
        registry.bind("pages", new Pages());
        registry.bind("pathIds", new PathIds());
        registry.bind("jsonContent", new JsonContent());
        registry.bind("byteRanges", new ByteRanges());
        Tokens tokens = new Tokens(json, database.dataSource());
        registry.bind("tokens", new TokenRequests(json, tokens));
        BearerAuth auth = new BearerAuth(adminToken(settings), tokens);
        registry.bind("auth", new ExchangeAuth(auth));

        camel.addService(stalls, true, true);
        OrganizationKeys organizationKeys = new OrganizationKeys(database.dataSource(), secretBox);
        registry.bind("organizationKeys", organizationKeys);
        registry.bind("keyEscrow", new KeyEscrow(json, organizationKeys));
        Egress egress = new Egress(settings.storageAllowedNetworks());
        StorageDrivers storage = storageDrivers(camel, settings, stalls, organizationKeys, egress);
        registry.bind("storage", storage);
        StorageConfigs storageConfigs = new StorageConfigs(json, secretBox, storage);
        registry.bind("storageConfigs", storageConfigs);
        ProducerTemplate damages = camel.createProducerTemplate();
        Locations locations = new Locations(storageConfigs, storage,
                params -> damages.sendBody("sql:classpath:sql/backup-object-damaged.sql", params));
        registry.bind("locations", locations);
        registry.bind("uploadVerifier", new UploadVerifier(storage));
        registry.bind("storageProbe", new StorageProbe(storage));
        registry.bind("quotas", new Quotas(json));

        registry.bind("environmentRequests", new EnvironmentRequests(json));
        DockerHosts docker = new DockerHosts(database.dataSource(), secretBox, stalls, settings.dockerHost());
        registry.bind("dockerHosts", docker);
        registry.bind("databaseProbe", new DatabaseProbe());
        ContainerOwnership ownership = new ContainerOwnership();
        registry.bind("containerOwnership", ownership);

        GfsRetentionPolicy retention = new GfsRetentionPolicy();
        registry.bind("gfsRetentionPolicy", retention);
        // tests bind a clock of their own under this name to move time instead of waiting for it
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        registry.bind("retentionSweep", new RetentionSweep(clock, storage));
        registry.bind("backupOverrides", new BackupOverrides(json));
        registry.bind("policies", new Policies(json));
        configureQuartz(camel, database, settings);
        BackupSchedules schedules = new BackupSchedules(camel);
        registry.bind("backupSchedules", schedules);
        // stable across restarts, so a restarted instance knows which interrupted backups were its own
        String instanceId = KeyFiles.readOrCreate(settings.dataDir().resolve("instance-id"), 9);
        Leases leases = new Leases(database.dataSource(), instanceId, settings.leaseSeconds());
        camel.addService(leases, true, true);
        registry.bind("leases", leases);
        registry.bind("backupRecords", new BackupRecords(json, storageConfigs, retention, clock, leases));
        // one registry for Camel's route metrics (camel-micrometer-prometheus, which may have made it already) and ours
        PrometheusMeterRegistry metrics = registry.lookupByNameAndType("metricsRegistry", PrometheusMeterRegistry.class);
        if (metrics == null) {
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", metrics);
        }
        WorkDispatcher workers = new WorkDispatcher(camel, database.dataSource(), leases, stalls, settings.workers(),
                settings.workersPerOrganization());
        camel.addService(workers, true, true);
        registry.bind("workDispatcher", workers);
        camel.getManagementStrategy().addEventNotifier(new Shutdown(database, leases, settings.shutdownTimeout(), workers));
        // the work had its time in Shutdown, before Camel stops routes: what Camel still waits for is API requests in flight
        camel.getShutdownStrategy().setTimeout(5);
        BackupMetrics backupMetrics = new BackupMetrics(metrics, new WorkQueueDepth(database.dataSource()), settings.metricsEnvironmentLabels());
        backupMetrics.running(instanceId, workers::running);
        registry.bind("backupMetrics", backupMetrics);
        registry.bind("scheduleRuns", new ScheduleRuns(database.dataSource(), backupMetrics));
        DockerHosts dockerHosts = registry.lookupByNameAndType("dockerHosts", DockerHosts.class);
        dockerHosts.onChecked(backupMetrics::dockerHostUp);
        registry.bind("dockerHostRequests", new DockerHostRequests(json, secretBox, settings.dockerHost()));
        registry.bind("alertRules", new AlertRules(json));
        NotificationChannels channels = new NotificationChannels(json, secretBox, egress);
        registry.bind("notificationChannels", channels);
        Notifier notifier = new Notifier(json, egress);
        registry.bind("alerts", new Alerts(database.dataSource(), json, channels, notifier,
                new RecordsOutage(json, channels, notifier, instanceId, settings.recordsUnreadyAlert()), metrics));
        registry.bind("logContext", new LogContext());
        registry.bind("eventDelivery", new EventDelivery(json, instanceId));
        registry.bind("triggerMessages", new TriggerMessages(json));
        if (settings.triggerUri().isEmpty()) { // the trigger-consumer route then listens where nothing ever arrives
            camel.getPropertiesComponent().addOverrideProperty("backup.trigger.uri", "direct:trigger-unset");
        }
        // spring-rabbitmq endpoints (events, triggers) find the broker here; confirms make a send fail when it is refused
        if (settings.amqpUrl().isPresent()) {
            CachingConnectionFactory broker = new CachingConnectionFactory(URI.create(settings.amqpUrl().get()));
            broker.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
            registry.bind("amqpConnectionFactory", ConnectionFactory.class, broker);
        }
        BackupWorkspace workspace = new BackupWorkspace(settings.tmpDir(), instanceId);
        // before any route runs, so that no backup or restore of this start can be taken for a leftover
        workspace.cleanLeftovers();
        registry.bind("backupWorkspace", workspace);
        TaskEvents taskEvents = new TaskEvents();
        registry.bind("taskEvents", taskEvents);
        TaskProgress progress = new TaskProgress(database.dataSource(), taskEvents);
        registry.bind("taskProgress", progress);
        PoolFiles poolFiles = new PoolFiles(database.dataSource(), storage);
        PoolSweep poolSweep = new PoolSweep(database.dataSource(), storage, poolFiles);
        registry.bind("poolSweep", poolSweep);
        CatalogRescan rescans = new CatalogRescan(database.dataSource(), storage, progress, json, poolFiles, poolSweep);
        camel.addService(rescans, true, true);
        registry.bind("catalogRescan", rescans);
        registry.bind("uploadBody", new UploadBody(progress, storage));
        if (settings.gzipLevel() < 0 || settings.gzipLevel() > 9) {
            throw new StartupRefused("BACKUP_GZIP_LEVEL is " + settings.gzipLevel() + ": give 0 (stored) to 9 (smallest, slowest); 1 is the default");
        }
        Compression compression = new Compression(settings.gzipLevel());
        registry.bind("compression", compression);
        registry.bind("databaseDumper", new DatabaseDumper(compression, settings.lockWaitSeconds(), new InstalledModules()));
        registry.bind("filestoreArchiver", new FilestoreArchiver(compression));
        registry.bind("sizeEstimates", new SizeEstimates(progress, settings.tmpDir(), compression.level()));
        registry.bind("manifestWriter", new ManifestWriter(json));
        registry.bind("backupArchiver", new BackupArchiver(progress));
        // the pipeline's side-by-side stages wait on each other (the archive for the dump, the upload for the archive):
        // each needs a thread of its own at once, which a bounded pool with a queue would not promise
        ExecutorService pipelineThreads = camel.getExecutorServiceManager().newCachedThreadPool(camel, "backup-pipeline");
        registry.bind("pipelineThreads", ExecutorService.class, pipelineThreads);
        registry.bind("archiveUpload", new ArchiveUpload(storage, pipelineThreads));
        PoolReader poolReader = new PoolReader(storage, poolFiles);
        registry.bind("poolReader", poolReader);
        registry.bind("filestorePool", new FilestorePool(storage, poolFiles, poolSweep, poolReader, pipelineThreads));
        registry.bind("backupFailures", new BackupFailures(storage));
        registry.bind("uploadRetries", new UploadRetries(settings.uploadRetries()));
        configureRestores(camel, registry, json, storage, docker, progress, leases, workspace);
        registry.bind("workJobs", new WorkJobs(database.dataSource(), registry.lookupByNameAndType("backupRecords", BackupRecords.class),
                registry.lookupByNameAndType("restoreRecords", RestoreRecords.class)));

        // both need the started CamelContext: the shared scheduler and the HTTP server's router
        StreamedAnswers streamedAnswers = new StreamedAnswers(settings.streams(), settings.streamsPerOrganization(), json);
        TaskEventStream taskEventStream = new TaskEventStream(camel, auth,
                database.dataSource(), taskEvents, json, settings.sseStreamsPerToken(), streamedAnswers);
        Downloads downloads = new Downloads(camel, streamedAnswers, stalls, json);
        int port = settings.httpPort();
        RouterProblems routerProblems = new RouterProblems(json, settings.maxBodyBytes(), port);
        ConsoleAssets consoleAssets = new ConsoleAssets();
        camel.addStartupListener((context, alreadyStarted) -> {
            schedules.register();
            registerReadiness(context, database, docker);

            taskEventStream.register();
            downloads.register(port);
            settings.metricsToken().ifPresent(token -> MetricsAuth.register(context, settings.managementPort(), token));
            consoleAssets.register(context, port);
            routerProblems.register(context);
            Startup.logSummary(List.of(
                    "odoo-backup " + Startup.version() + " started: API at http://0.0.0.0:" + port + "/api/v1 (every interface of this"
                            + " machine: keep it behind a firewall or a TLS proxy)",
                    "health and metrics at http://" + settings.managementBind() + ":" + settings.managementPort()
                            + "/observe/health/ready and /observe/metrics" + (settings.metricsToken().isPresent()
                            ? " (metrics with BACKUP_METRICS_TOKEN)" : ""),
                    "records: " + database.description(),
                    "Docker Engine " + dockerVersion.getVersion() + " (API " + dockerVersion.getApiVersion() + ") at " + settings.dockerHost(),
                    "local storage under " + settings.localStorageRoot() + "; working files under " + settings.tmpDir(),
                    "storage endpoints on internal networks allowed: " + (settings.storageAllowedNetworks().isBlank()
                            ? "none" : settings.storageAllowedNetworks()),
                    "admin token: " + (settings.adminToken().isPresent() ? "BACKUP_ADMIN_TOKEN" : settings.dataDir().resolve("admin-token")),
                    "stored secrets are sealed with " + (settings.secretKey().isPresent() ? "BACKUP_SECRET_KEY"
                            : settings.dataDir().resolve("secret-key") + ": keep it with the records database; without it the stored storage secrets cannot be opened"),
                    "stop with Ctrl-C or SIGTERM: running backups and restores get "
                            + settings.shutdownTimeout().toSeconds() + " seconds to finish"));
        });
    }

    /** Ready (docs/api.md §11) while the records database, the Docker Engine and the Quartz scheduler answer. */
    private static void registerReadiness(CamelContext camel, Database database, DockerHosts docker) {
        HealthCheckRegistry health = HealthCheckRegistry.get(camel);
        health.register(new ReadinessCheck("records-database", () -> {
            try (Connection connection = database.dataSource().getConnection()) {
                if (!connection.isValid(2)) {
                    throw new IllegalStateException("the connection is not valid");
                }
            }
        }));
        health.register(new ReadinessCheck("docker-engine", () -> docker.defaultEngine().client().pingCmd().exec()));
        health.register(new DockerHostsCheck(docker::seen));
        health.register(new ReadinessCheck("quartz", () -> {
            Scheduler scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
            if (scheduler == null || !scheduler.isStarted() || scheduler.isShutdown() || scheduler.isInStandbyMode()) {
                throw new IllegalStateException("the scheduler is not running");
            }
            scheduler.getTriggerGroupNames(); // reads its job store: the records database
        }));
    }

    /** The restore's beans (io.odoobackup.restore), named as routes/restore.yaml calls them. */
    private static void configureRestores(CamelContext camel, Registry registry, ObjectMapper json, StorageDrivers storage,
                                          DockerHosts docker, TaskProgress progress, Leases leases, BackupWorkspace workspace) {
        ContainerOwnership ownership = registry.lookupByNameAndType("containerOwnership", ContainerOwnership.class);
        RestoreRecords records = new RestoreRecords(json);
        registry.bind("restoreRecords", records);
        BackupArchive archive = new BackupArchive(storage, progress, json, registry.lookupByNameAndType("locations", Locations.class),
                registry.lookupByNameAndType("poolReader", PoolReader.class));
        registry.bind("backupArchive", archive);
        DatabaseLoader databases = new DatabaseLoader(archive);
        registry.bind("databaseLoader", databases);
        FilestoreUnpacker folders = new FilestoreUnpacker(archive);
        registry.bind("filestoreUnpacker", folders);
        EnvironmentSwap swap = new EnvironmentSwap(databases, folders);
        registry.bind("environmentSwap", swap);
        registry.bind("restoreSteps", new RestoreSteps(workspace, ownership, swap, camel.createProducerTemplate(), leases));
        registry.bind("restoreProgress", new RestoreProgress(progress));
        registry.bind("restoreRecovery", new RestoreRecovery(records, docker, ownership, swap));
        registry.bind("restoreChecker", new RestoreChecker(databases, archive, json));
        registry.bind("poolVerification", new PoolVerification(registry.lookupByNameAndType("locations", Locations.class),
                registry.lookupByNameAndType("poolReader", PoolReader.class)));
        registry.bind("odooExport", new OdooExport(json, registry.lookupByNameAndType("poolReader", PoolReader.class),
                registry.lookupByNameAndType("compression", Compression.class)));
    }

    /** The storage drivers, one per package under io.odoobackup.storage: a new provider is one more line here. */
    private static StorageDrivers storageDrivers(CamelContext camel, Settings settings, Stalls stalls, Keyring keyring, Egress egress)
            throws IOException {
        ProducerTemplate records = camel.createProducerTemplate();
        return new StorageDrivers(List.of(
                new S3Driver(egress, settings.s3PartSize(), settings.stall()),
                new FtpDriver(egress, settings.stall()),
                new SftpDriver(egress, settings.stall(), (configId, fingerprint) -> records.sendBody(
                        "direct:storage-config-pin-host-key", Map.of("id", configId, "fingerprint", fingerprint))),
                new LocalDriver(settings.localStorageRoot())), stalls, keyring, egress);
    }

    /** BACKUP_SECRET_KEY, or the key generated into BACKUP_DATA_DIR/secret-key at the first start. */
    static String secretKey(Settings settings) throws IOException {
        if (settings.secretKey().isPresent()) {
            if (settings.secretKey().get().length() < 16) {
                throw new StartupRefused("BACKUP_SECRET_KEY is shorter than 16 characters: give a long random value"
                        + " (openssl rand -base64 32), the same on every instance");
            }
            return settings.secretKey().get();
        }
        return KeyFiles.readOrCreate(settings.dataDir().resolve("secret-key"), 32);
    }

    /**
     * A clustered JDBC job store in the service's database: instances sharing BACKUP_DB_URL fire each
     * trigger once, and triggers outlive restarts.
     */
    private static void configureQuartz(CamelContext camel, Database database, Settings settings) {
        DBConnectionManager.getInstance().addConnectionProvider(QuartzConnections.NAME, new QuartzConnections(database.dataSource()));
        Map<String, Object> quartz = new HashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", "odoo-backup");
        quartz.put("org.quartz.scheduler.instanceId", "AUTO");
        quartz.put("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.put("org.quartz.scheduler.idleWaitTime", Integer.toString(settings.quartzIdleWaitMs()));
        quartz.put("org.quartz.threadPool.threadCount", "3");
        quartz.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        quartz.put("org.quartz.jobStore.dataSource", QuartzConnections.NAME);
        quartz.put("org.quartz.jobStore.isClustered", "true");
        quartz.put("org.quartz.jobStore.clusterCheckinInterval", "5000");
        quartz.put("org.quartz.jobStore.misfireThreshold", "60000");
        QuartzComponent component = camel.getComponent("quartz", QuartzComponent.class);
        component.setProperties(quartz);
        component.setPrefixInstanceName(false); // every instance must use the same scheduler name to share triggers
    }

    private static String adminToken(Settings settings) throws IOException {
        if (settings.adminToken().isPresent()) {
            return settings.adminToken().get();
        }
        Path file = settings.dataDir().resolve("admin-token");
        return KeyFiles.readOrCreate(file, 32);
    }
}
