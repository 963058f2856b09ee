package io.odoobackup.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.apache.camel.support.service.ServiceSupport;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that holds the service's own records: BACKUP_DB_URL when set, else an embedded
 * PostgreSQL under BACKUP_DATA_DIR/postgres. The schema is brought up to date by Flyway at start.
 */
public final class Database extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;

    private Database(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    public static Database open(Settings settings) throws IOException {
        EmbeddedPostgres embedded = null;
        HikariConfig config = new HikariConfig();
        if (settings.dbUrl().isPresent()) {
            config.setJdbcUrl(settings.dbUrl().get());
            config.setUsername(settings.dbUser());
            config.setPassword(settings.dbPassword());
        } else {
            var dir = settings.dataDir().resolve("postgres");
            Files.createDirectories(dir);
            LOG.info("BACKUP_DB_URL is unset: starting an embedded PostgreSQL in {}", dir);
            embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
            config.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
        }
        // lets plain strings bind to jsonb and timestamptz parameters
        config.addDataSourceProperty("stringtype", "unspecified");
        config.setMaximumPoolSize(10);
        config.setPoolName("odoo-backup");
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new Database(dataSource, embedded);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected void doStop() throws Exception {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
