package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Following a backup live over server-sent events, with a real HTTP client reading the stream. */
class TaskEventsIT {

    private static final String ENV = "it-events";
    private static TestService service;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--filestore-mb", "150", "--rows", "100000");
        service.environment(ENV, "org-events", "odoo_it_events");
        service.folderStorage("org-events");
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    /** Reads a whole event stream: the event types and their data, in order. */
    private static List<String[]> follow(String taskId, String token) throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/v1/tasks/" + taskId + "/events"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String[]> events = new ArrayList<>();
        // a stream that never ends fails the test in three minutes rather than holding the suite
        CompletableFuture.delayedExecutor(3, TimeUnit.MINUTES).execute(() -> {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // the reader fails either way
            }
        });
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String type = null;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new String[] {type, line.substring(6)});
                }
            }
        }
        return events;
    }

    @Test
    void severalClientsFollowABackupLiveAndALateOneGetsTheCurrentState() throws Exception {
        JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/" + ENV + "/backups", "{}");
        String taskId = created.get("task_id").asText();
        List<CompletableFuture<List<String[]>>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return follow(taskId, TestService.TOKEN);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        // a client that goes away early costs nothing: the others carry on
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/tasks/" + taskId + "/events"))
                .header("Authorization", "Bearer " + TestService.TOKEN).build(), HttpResponse.BodyHandlers.discarding()).cancel(true);
        for (CompletableFuture<List<String[]>> client : clients) {
            List<String[]> events = client.get();
            assertThat(events.size()).isGreaterThan(5);
            assertThat(events.get(events.size() - 1)[0]).isEqualTo("task.completed");
            assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e[0].equals("task.progress"));
            List<Integer> progress = new ArrayList<>();
            for (String[] event : events) {
                JsonNode data = service.json(event[1]);
                assertThat(data.has("progress") && data.has("message") && data.has("step")).isTrue();
                progress.add(data.get("progress").asInt());
            }
            assertThat(progress).isSorted();
            assertThat(progress.get(progress.size() - 1)).isEqualTo(100);
            // the dump and the archive run side by side: one figure moves through 10-70 by their bytes, with an ETA once
            // the speed means something (after 3 seconds)
            List<JsonNode> sideBySide = new ArrayList<>();
            for (String[] event : events) {
                JsonNode data = service.json(event[1]);
                if (data.get("message").asText().matches("Backing up (database and filestore|database|filestore): .*")) {
                    sideBySide.add(data);
                }
            }
            assertThat(sideBySide).as("progress while they run").isNotEmpty()
                    .allMatch(d -> d.get("progress").asInt() > 10 && d.get("progress").asInt() < 70)
                    .allMatch(d -> d.get("message").asText().matches(".*: [0-9.]+ [KMG]?i?B of about [0-9.]+ [KMG]?i?B, [^,]*/s(, ETA \\d+ seconds)?"));
            assertThat(events).anyMatch(e -> e[1].contains("\"step\":\"initialize\"") && e[1].contains("\"progress\":10"));
            assertThat(events).anyMatch(e -> e[1].contains("\"progress\":70") && e[1].contains("\"step\":\"package\""));
        }
        // after the end, a new client gets the final state at once
        List<String[]> late = follow(taskId, TestService.TOKEN);
        assertThat(late).hasSize(1);
        assertThat(late.get(0)[0]).isEqualTo("task.completed");
        var unauthorized = service.call("GET", "/api/v1/tasks/" + taskId + "/events", null, "wrong");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(service.call("GET", "/api/v1/tasks/00000000-0000-0000-0000-000000000000/events", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailedBackupEndsTheStreamWithTaskFailed() throws Exception {
        Tools.createEnvironment("it-events-ghost", "--db-name", "ghost", "--files", "1", "--rows", "1");
        service.expect(201, "POST", "/api/v1/environments",
                "{\"id\":\"it-events-ghost\",\"organization_id\":\"org-events\",\"name\":\"Ghost\",\"db_name\":\"ghost\"}");
        Tools.removeEnvironment("it-events-ghost");
        JsonNode created = service.expect(201, "POST", "/api/v1/backups/environments/it-events-ghost/backups", "{}");
        List<String[]> events = follow(created.get("task_id").asText(), TestService.TOKEN);
        assertThat(events.get(events.size() - 1)[0]).isEqualTo("task.failed");
        assertThat(events.get(events.size() - 1)[1]).contains("Container Not Found: it-events-ghost_db");
        assertThat(service.json(events.get(events.size() - 1)[1]).get("step").asText()).as("the step it failed at").isEqualTo("initialize");
    }
}
