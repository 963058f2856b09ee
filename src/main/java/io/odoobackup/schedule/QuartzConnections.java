package io.odoobackup.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Lends Quartz's JDBC job store the service's own connection pool, so schedules live in its database. */
public final class QuartzConnections implements ConnectionProvider {

    public static final String NAME = "odooBackup";

    private final DataSource dataSource;

    public QuartzConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to the service's Database and closes with it
    }

    @Override
    public void initialize() {
        // nothing to set up: the pool is open already
    }
}
