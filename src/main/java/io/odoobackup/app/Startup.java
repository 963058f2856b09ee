package io.odoobackup.app;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.Settings;
import io.odoobackup.platform.StartupRefused;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before the service says it runs, each refused in one line that says what to do, and the
 * few lines it logs once it runs.
 */
public final class Startup {

    private static final Logger LOG = LoggerFactory.getLogger("odoo-backup");
    private static final long DOCKER_ANSWER_SECONDS = 10;

    private Startup() {
    }

    /**
     * The API's port must be free: Vert.x only logs a failed bind, and the service would run on without its API.
     * Checked before anything starts; the moment between this check and the bind is too short to matter.
     */
    public static void requirePortFree(int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
        } catch (IOException e) {
            throw new StartupRefused("port " + port + " cannot be bound (" + e.getMessage() + "): stop what uses it"
                    + " (ss -ltnp 'sport = :" + port + "') or set " + setting + " to a free port");
        }
    }

    /** spring-rabbitmq endpoints in the events or trigger setting need the broker's address. */
    public static void requireBroker(Settings settings) {
        boolean rabbit = Stream.of(settings.eventsUri(), settings.triggerUri()).flatMap(Optional::stream)
                .anyMatch(uri -> uri.startsWith("spring-rabbitmq:"));
        if (rabbit && settings.amqpUrl().isEmpty()) {
            throw new StartupRefused("BACKUP_EVENTS_URI or BACKUP_TRIGGER_URI is a spring-rabbitmq: endpoint, but"
                    + " BACKUP_AMQP_URL is not set: set it to the broker (amqp://user:password@host:5672/vhost)");
        }
    }

    /** The Docker Engine answers within seconds; its version, for the summary. */
    public static Version requireDocker(Supplier<DockerClient> client, String dockerHost) {
        CompletableFuture<Version> version = CompletableFuture.supplyAsync(() -> client.get().versionCmd().exec());
        try {
            return version.get(DOCKER_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            version.cancel(true);
            throw dockerRefused(dockerHost, "no answer in " + DOCKER_ANSWER_SECONDS + " seconds");
        } catch (ExecutionException e) {
            throw dockerRefused(dockerHost, Causes.rootMessage(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw dockerRefused(dockerHost, "interrupted");
        }
    }

    private static StartupRefused dockerRefused(String dockerHost, String why) {
        return new StartupRefused("the Docker Engine at " + dockerHost + " does not answer (" + why + "): start it"
                + " (Debian: apt-get install docker.io; systemctl start docker) or set DOCKER_HOST");
    }

    /** The summary a person reads after a start: where the API is, what it uses, where the admin token is. */
    public static void logSummary(List<String> lines) {
        lines.forEach(LOG::info);
    }

    /** The service's version from its jar's manifest ("development" when run from classes). */
    public static String version() {
        String version = Startup.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
