package io.odoobackup;

import io.odoobackup.platform.ServiceConfiguration;
import org.apache.camel.main.Main;

/** Starts the service: camel-main loads application.properties, the wiring and the YAML routes. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(ServiceConfiguration.class);
        System.exit(main.run(args));
    }
}
