package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_EVENTS_URI as an https: webhook (docs/api.md §10): a receiver with its own certificate, trusted by the
 * service through the JVM's trust store, gets every event of a backup as a CloudEvents POST, in order, the first
 * one again after the receiver refused it.
 */
class EventsWebhookIT {

    private static final String ENV = "it-webhook";
    private static final String ORG = "org-webhook";
    private static final String PASSWORD = "webhook-store-pass";

    @BeforeAll
    static void setUp() throws Exception {
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "500", "--files", "5");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    @Test
    void eachEventOfABackupIsPostedToAnHttpsReceiverAndARefusedOneIsSentAgain(@TempDir Path work) throws Exception {
        Path keys = work.resolve("receiver.p12");
        Path trust = work.resolve("trust.p12");
        Tools.ok("keytool", "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Tools.ok("keytool", "-exportcert", "-alias", "receiver", "-keystore", keys.toString(), "-storepass", PASSWORD, "-file",
                work.resolve("receiver.crt").toString());
        Tools.ok("keytool", "-importcert", "-noprompt", "-alias", "receiver", "-file", work.resolve("receiver.crt").toString(),
                "-keystore", trust.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpsServer receiver = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(sslContext(keys)));
        ObjectMapper json = new ObjectMapper();
        receiver.createContext("/hooks/odoo-backup", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            // the first delivery is refused: the outbox keeps the event and sends it again, in its place
            int status = requests.incrementAndGet() == 1 ? 503 : 204;
            if (status == 204) {
                received.add(json.readTree(body));
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try (Tools.Database records = Tools.freshDatabase("odoo_backup_webhook");
             ServiceProcess service = ServiceProcess.start(Map.of(
                     "BACKUP_DB_URL", records.url(), "BACKUP_DB_USER", "postgres", "BACKUP_DATA_DIR", work.resolve("data").toString(),
                     "BACKUP_TMP_DIR", work.toString(), "BACKUP_ADMIN_TOKEN", TestService.TOKEN,
                     "BACKUP_EVENTS_URI", "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/odoo-backup",
                     "BACKUP_EVENTS_POLL_MS", "200"),
                     "-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                     "-Djavax.net.ssl.trustStoreType=PKCS12")) {
            ApiClient api = new ApiClient(service.baseUrl(), TestService.TOKEN);
            api.environment(ENV, ORG, "odoo_it_webhook");
            api.folderStorage(ORG);
            JsonNode backup = api.backup(ENV, "{}");
            assertThat(backup.get("status").asText()).isEqualTo("completed");
            Await.until("the completed event arrives", Duration.ofSeconds(30), () -> received.size(),
                    count -> received.stream().anyMatch(e -> e.path("type").asText().equals("odoo_backup.backup.completed")));
            List<String> types = received.stream().filter(e -> e.path("subject").asText().equals(backup.get("id").asText()))
                    .map(e -> e.path("type").asText()).toList();
            assertThat(types).as(service.log()).containsExactly("odoo_backup.backup.started", "odoo_backup.backup.completed");
            JsonNode completed = received.get(received.size() - 1);
            assertThat(completed.path("specversion").asText()).isEqualTo("1.0");
            assertThat(completed.path("data").path("organization_id").asText()).isEqualTo(ORG);
            assertThat(contentTypes).allMatch(type -> type.startsWith("application/cloudevents+json"));
            assertThat(requests.get()).isEqualTo(received.size() + 1);
        } finally {
            receiver.stop(0);
        }
    }

    private static SSLContext sslContext(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keys)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
