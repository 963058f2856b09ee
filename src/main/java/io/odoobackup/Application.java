package io.odoobackup;

import io.odoobackup.platform.ServiceConfiguration;
import io.odoobackup.platform.StartupRefused;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the service: camel-main loads application.properties, the wiring and the YAML routes. */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(ServiceConfiguration.class);
        try {
            System.exit(main.run(args));
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StartupRefused refused) {
                    LOG.error("odoo-backup does not start: {}", refused.getMessage());
                    System.exit(2);
                }
            }
            throw e;
        }
    }
}
