package io.odoobackup.restore;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.DumpLines;
import io.odoobackup.environment.Container;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.platform.Metered;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a backup's dump.sql into a new database in an environment's database container: psql with
 * ON_ERROR_STOP, fed by docker exec as the checked entry streams out of the archive, owners mapped to the
 * environment's role. The database is created first and dropped again if anything fails.
 */
public final class DatabaseLoader {

    private final BackupArchive archive;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "dump-rewrite");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseLoader(BackupArchive archive) {
        this.archive = archive;
    }

    public void load(RestoreJob job) throws Exception {
        String user = job.getTarget().dbUser();
        String database = job.getNames().newDb();
        psql(job.getDbContainer(), user, "postgres", "CREATE DATABASE " + quote(database) + " OWNER " + quote(user)
                + " TEMPLATE template0 ENCODING 'UTF8'", "Creating the database " + database);
        String owner = job.getResult().getManifest().path("database").path("owner").asText(user);
        try (InputStream dump = archive.open(job, ArchiveLayout.DUMP)) {
            InputStream fed = Metered.input(owner.equals(user) ? dump : rewritten(dump, owner, user),
                    job.getParallelProgress().listener("database"));
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            DockerExec.Result result = job.getDbContainer().run(List.of("psql", "--no-password", "-X", "-q",
                    "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database), fed, output);
            if (result.exitCode() != 0) {
                throw new BackupFailure("Loading dump.sql into a new database failed " + result.describe()
                        + ". The target was not touched");
            }
        }
        job.getParallelProgress().done("database");
    }

    /** Drops a database the restore created; a database that is not there is fine. */
    public void drop(Container container, String user, String database) throws IOException, InterruptedException {
        psql(container, user, "postgres", "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)", "Dropping " + database);
    }

    /** Runs SQL in the container's PostgreSQL; its output (rows, one a line). */
    String psql(Container container, String user, String database, String sql, String what) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DockerExec.Result result = container.run(List.of("psql", "--no-password", "-X", "-A", "-t", "-q",
                "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-c", sql), out);
        if (result.exitCode() != 0) {
            throw new BackupFailure(what + " failed " + result.describe());
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The dump with its owner role replaced, produced as it is read. */
    private InputStream rewritten(InputStream dump, String from, String to) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in);
        Future<?> pump = pumps.submit(() -> {
            try (DumpLines owners = SqlOwners.mapped(out, from, to)) {
                dump.transferTo(owners);
            }
            return null;
        });
        return new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    failure(pump);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                pump.cancel(true);
                super.close();
            }
        };
    }

    private static void failure(Future<?> pump) throws IOException {
        try {
            pump.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
