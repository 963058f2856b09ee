package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of many environments at once go through the bounded worker pool and all complete. */
class ConcurrencyIT {

    private static final int ENVIRONMENTS = 5;
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        service.expect(201, "POST", "/api/v1/backups/storage-configs",
                "{\"organization_id\":\"org-many\",\"name\":\"Folder\",\"provider\":\"local\"}");
        for (int i = 0; i < ENVIRONMENTS; i++) {
            Tools.createEnvironment("it-many-" + i, "--files", "60");
            service.expect(201, "POST", "/api/v1/environments", "{\"id\":\"it-many-" + i
                    + "\",\"organization_id\":\"org-many\",\"name\":\"Many\",\"db_name\":\"odoo_it_many_" + i + "\"}");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (int i = 0; i < ENVIRONMENTS; i++) {
            Tools.removeEnvironment("it-many-" + i);
        }
    }

    @Test
    void manyEnvironmentsAtOnceAllCompleteNoMoreThanTwoRunningAtATime() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(ENVIRONMENTS);
        List<Future<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            String environment = "it-many-" + i;
            calls.add(clients.submit(() -> service.expect(201, "POST", "/api/v1/backups/environments/" + environment + "/backups", "{}")));
        }
        List<JsonNode> created = new ArrayList<>();
        for (Future<JsonNode> call : calls) {
            created.add(call.get());
        }
        clients.shutdown();
        int[] mostAtOnce = {0};
        try (Connection db = service.database(); PreparedStatement snapshot = db.prepareStatement(
                "SELECT count(*) FILTER (WHERE status IN ('in_progress', 'uploading')),"
                        + " count(*) FILTER (WHERE status IN ('completed', 'failed')) FROM backup WHERE id = ANY (?)")) {
            snapshot.setArray(1, db.createArrayOf("varchar", created.stream().map(b -> b.get("id").asText()).toArray()));
            Await.until("all " + ENVIRONMENTS + " backups end", Duration.ofMinutes(3), Duration.ofMillis(20), () -> {
                // one statement: a consistent view of all five at one moment
                try (ResultSet row = snapshot.executeQuery()) {
                    row.next();
                    mostAtOnce[0] = Math.max(mostAtOnce[0], row.getInt(1));
                    return row.getInt(2);
                }
            }, ended -> ended == ENVIRONMENTS);
        }
        assertThat(mostAtOnce[0]).isBetween(1, 2);
        for (JsonNode backup : created) {
            assertThat(service.expect(200, "GET", "/api/v1/backups/" + backup.get("id").asText(), null).get("status").asText())
                    .isEqualTo("completed");
        }
    }

    /** Each backup runs its dump, its archive and its upload side by side: with a worker each, none waits for a thread. */
    @Test
    void asManyWorkersAsEnvironmentsRunThemAllAtOnce(@TempDir Path data, @TempDir Path tmp) throws Exception {
        Map<String, String> settings = new HashMap<>(service.instanceSettings(data, tmp));
        settings.put("BACKUP_WORKERS", String.valueOf(ENVIRONMENTS));
        try (ServiceProcess process = ServiceProcess.start(settings); AutoCloseable elsewhere = service.workElsewhere()) {
            ApiClient api = new ApiClient(process.baseUrl(), TestService.TOKEN);
            List<JsonNode> created = new ArrayList<>();
            for (int i = 0; i < ENVIRONMENTS; i++) {
                created.add(api.expect(201, "POST", "/api/v1/backups/environments/it-many-" + i + "/backups", "{}"));
            }
            for (JsonNode backup : created) {
                assertThat(api.awaitTask(backup.get("task_id").asText(), Duration.ofMinutes(2)).get("status").asText())
                        .isEqualTo("completed");
            }
            process.stop();
        }
    }
}
