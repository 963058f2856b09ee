package io.odoobackup;

import io.odoobackup.app.SecretKeyCommand;
import io.odoobackup.app.ServiceConfiguration;
import io.odoobackup.platform.StartupRefused;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the service: camel-main loads application.properties, the wiring and the YAML routes. */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger("odoo-backup");
    private static final long START_SETTLES_SECONDS = 120;

    private Application() {
    }

    /**
     * Exit codes: 0 after a stop, 2 when a setting or the machine refuses the start (one line says why), 1 otherwise.
     * {@code rotate-secret-key} runs that command instead (README, Production).
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(SecretKeyCommand.NAME)) {
            System.exit(SecretKeyCommand.run());
        }
        String format = System.getenv("BACKUP_LOG_FORMAT");
        if (format != null && !format.equals("text") && !format.equals("json")) {
            System.err.println("odoo-backup does not start: BACKUP_LOG_FORMAT is '" + format + "': use text (the default) or json");
            System.exit(2);
        }
        Main main = new Main();
        main.configure().addConfiguration(ServiceConfiguration.class);
        // a SIGTERM while it starts waits until the start has got somewhere: Camel stops what runs, or the start
        // fails and closes what it opened; without this the JVM would end mid-start and leave PostgreSQL running
        CountDownLatch settled = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                settled.await(START_SETTLES_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "start-settles"));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                settled.countDown();
            }
        });
        int code;
        try {
            code = main.run(args);
        } catch (Exception e) {
            settled.countDown();
            if (shuttingDown()) {
                // SIGTERM while it started: whatever the start tripped over then is no failure; the JVM ends on its own
                LOG.info("odoo-backup stopped while it started");
                return;
            }
            code = refused(e);
        }
        System.exit(code);
    }

    private static int refused(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupRefused refused) {
                LOG.error("odoo-backup does not start: {}", refused.getMessage());
                return 2;
            }
        }
        LOG.error("odoo-backup does not start: {}", e.getMessage(), e);
        return 1;
    }

    /** The JVM runs its shutdown hooks: no new one may be added then. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
