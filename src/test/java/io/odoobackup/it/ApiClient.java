package io.odoobackup.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the service's HTTP API, as any user would call it. */
public class ApiClient {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpResponse<String> call(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, token);
    }

    /** A call that must answer with the given status; its JSON body. */
    public JsonNode expect(int status, String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, path, body);
        if (response.statusCode() != status) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", not " + status
                    + ": " + response.body());
        }
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    public JsonNode json(String text) throws IOException {
        return json.readTree(text);
    }

    /** Registers an environment of the organization (its containers made by Tools.createEnvironment). */
    public void environment(String id, String organization, String dbName) throws IOException, InterruptedException {
        expect(201, "POST", "/api/v1/environments", "{\"id\":\"" + id + "\",\"organization_id\":\"" + organization
                + "\",\"name\":\"" + id + "\",\"db_name\":\"" + dbName + "\"}");
    }

    /**
     * An Odoo-like environment of the organization in the test Docker Engine ({@code options} of scripts/test-env.sh),
     * registered here with a local-folder storage (the organization's first, so its default); the folder's config id.
     */
    public String testEnvironment(String id, String organization, String dbName, String... options) throws IOException, InterruptedException {
        String[] all = new String[options.length + 2];
        all[0] = "--org";
        all[1] = organization;
        System.arraycopy(options, 0, all, 2, options.length);
        Tools.createEnvironment(id, all);
        environment(id, organization, dbName);
        return folderStorage(organization);
    }

    /** A local-folder storage configuration of the organization (in its folder below the local storage root); its id. */
    public String folderStorage(String organization) throws IOException, InterruptedException {
        return expect(201, "POST", "/api/v1/backups/storage-configs", "{\"organization_id\":\"" + organization
                + "\",\"name\":\"Folder\",\"provider\":\"local\"}").get("id").asText();
    }

    /** Polls the task until it ends; its final body. */
    public JsonNode awaitTask(String taskId, Duration timeout) throws Exception {
        return Await.until("task " + taskId + " ends", timeout, () -> expect(200, "GET", "/api/v1/tasks/" + taskId, null),
                task -> task.get("status").asText().equals("completed") || task.get("status").asText().equals("failed"));
    }

    /** Starts a backup and waits for it to end; the backup record. */
    public JsonNode backup(String environmentId, String body) throws Exception {
        JsonNode created = expect(201, "POST", "/api/v1/backups/environments/" + environmentId + "/backups", body);
        awaitTask(created.get("task_id").asText(), Duration.ofMinutes(5));
        return expect(200, "GET", "/api/v1/backups/" + created.get("id").asText(), null);
    }
}
