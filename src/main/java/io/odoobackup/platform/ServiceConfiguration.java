package io.odoobackup.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonMapper;
import io.odoobackup.api.Pages;
import io.odoobackup.api.PathIds;
import io.odoobackup.api.ProblemResponder;
import io.odoobackup.api.TaskEventStream;
import io.odoobackup.backup.BackupFailures;
import io.odoobackup.backup.BackupLeases;
import io.odoobackup.backup.BackupRecords;
import io.odoobackup.backup.BackupPackager;
import io.odoobackup.backup.BackupWorkspace;
import io.odoobackup.backup.DatabaseDumper;
import io.odoobackup.backup.FilestoreArchiver;
import io.odoobackup.backup.InstalledModules;
import io.odoobackup.backup.ManifestWriter;
import io.odoobackup.backup.TaskEvents;
import io.odoobackup.backup.TaskProgress;
import io.odoobackup.backup.UploadBody;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.EnvironmentRequests;
import io.odoobackup.retention.GfsRetentionPolicy;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.KeyFiles;
import io.odoobackup.security.SecretBox;
import io.odoobackup.security.Tokens;
import io.odoobackup.storage.FtpStorage;
import io.odoobackup.storage.LocalStorage;
import io.odoobackup.storage.Quotas;
import io.odoobackup.storage.SftpHostKeys;
import io.odoobackup.storage.StorageProbe;
import io.odoobackup.storage.S3Storage;
import io.odoobackup.storage.StorageConfigs;
import io.odoobackup.storage.UploadVerifier;
import io.odoobackup.backup.BackupOverrides;
import io.odoobackup.retention.RetentionSweep;
import io.odoobackup.schedule.BackupSchedules;
import io.odoobackup.schedule.Policies;
import io.odoobackup.schedule.QuartzConnections;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.DBConnectionManager;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.docker.DockerComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The wiring: every bean the YAML routes name, built from the contract's settings. */
public class ServiceConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = Settings.from(camel);
        Registry registry = camel.getRegistry();

        Database database = Database.open(settings);
        camel.addService(database, true, true);
        registry.bind("dataSource", database.dataSource());

        ObjectMapper json = JsonMapper.create();
        registry.bind("jsonMapper", ObjectMapper.class, json);
        registry.bind("problems", new ProblemResponder(json));
        registry.bind("pages", new Pages());
        registry.bind("pathIds", new PathIds());
        Tokens tokens = new Tokens(json, database.dataSource());
        registry.bind("tokens", tokens);
        registry.bind("auth", new BearerAuth(adminToken(settings), tokens));

        SecretBox secretBox = new SecretBox(settings.secretKey().isPresent() ? settings.secretKey().get()
                : KeyFiles.readOrCreate(settings.dataDir().resolve("secret-key"), 32));
        StorageConfigs storageConfigs = new StorageConfigs(json, secretBox);
        registry.bind("storageConfigs", storageConfigs);
        registry.bind("s3Storage", new S3Storage(camel));
        registry.bind("localStorage", new LocalStorage(settings.localStorageDir()));
        registry.bind("uploadVerifier", new UploadVerifier());
        registry.bind("ftpStorage", new FtpStorage(new SftpHostKeys(settings.dataDir().resolve("known_hosts"), database.dataSource())));
        registry.bind("storageProbe", new StorageProbe(settings.tmpDir()));
        registry.bind("quotas", new Quotas(json));

        configureDocker(camel.getComponent("docker", DockerComponent.class), settings.dockerHost());
        DockerExec docker = new DockerExec(camel);
        registry.bind("environmentRequests", new EnvironmentRequests(json));

        GfsRetentionPolicy retention = new GfsRetentionPolicy();
        registry.bind("gfsRetentionPolicy", retention);
        // tests bind a clock of their own under this name to move time instead of waiting for it
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        registry.bind("retentionSweep", new RetentionSweep(clock));
        registry.bind("backupOverrides", new BackupOverrides(json));
        registry.bind("policies", new Policies(json));
        configureQuartz(camel, database, settings);
        BackupSchedules schedules = new BackupSchedules(camel);
        registry.bind("backupSchedules", schedules);
        // stable across restarts, so a restarted instance knows which interrupted backups were its own
        String instanceId = KeyFiles.readOrCreate(settings.dataDir().resolve("instance-id"), 9);
        BackupLeases leases = new BackupLeases(database.dataSource(), instanceId, settings.leaseSeconds());
        camel.addService(leases, true, true);
        registry.bind("backupLeases", leases);
        registry.bind("backupRecords", new BackupRecords(json, storageConfigs, retention, clock, leases));
        registry.bind("backupWorkspace", new BackupWorkspace(settings.tmpDir(), instanceId));
        TaskEvents taskEvents = new TaskEvents();
        registry.bind("taskEvents", taskEvents);
        TaskProgress progress = new TaskProgress(database.dataSource(), taskEvents);
        registry.bind("taskProgress", progress);
        registry.bind("uploadBody", new UploadBody(progress));
        registry.bind("databaseDumper", new DatabaseDumper(docker, progress, settings.gzipLevel()));
        registry.bind("filestoreArchiver", new FilestoreArchiver(docker, progress));
        registry.bind("installedModules", new InstalledModules(docker));
        registry.bind("manifestWriter", new ManifestWriter(json));
        registry.bind("backupPackager", new BackupPackager());
        registry.bind("backupFailures", new BackupFailures());

        // both need the started CamelContext: the shared scheduler and the HTTP server's router
        TaskEventStream taskEventStream = new TaskEventStream(camel, registry.lookupByNameAndType("auth", BearerAuth.class),
                database.dataSource(), taskEvents, json);
        camel.addStartupListener((context, alreadyStarted) -> {
            schedules.register();
            taskEventStream.register();
        });
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

    private static String adminToken(Settings settings) throws java.io.IOException {
        if (settings.adminToken().isPresent()) {
            return settings.adminToken().get();
        }
        Path file = settings.dataDir().resolve("admin-token");
        String token = KeyFiles.readOrCreate(file, 32);
        LOG.info("Admin token (every permission) is in {}", file);
        return token;
    }

    /** DOCKER_HOST as the Docker CLI reads it: unix:///path/to.sock or tcp://host:port. */
    static void configureDocker(DockerComponent component, String dockerHost) {
        URI uri = URI.create(dockerHost);
        var config = component.getConfiguration();
        if ("unix".equals(uri.getScheme())) {
            config.setSocket(true);
            config.setHost(uri.getPath());
        } else {
            config.setSocket(false);
            config.setHost(uri.getHost());
            config.setPort(uri.getPort() > 0 ? uri.getPort() : 2375);
        }
    }
}
