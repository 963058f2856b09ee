package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download says its length and name, serves byte ranges, and curl resumes a broken one to the same bytes. */
class DownloadsIT {

    private static final String ENV = "it-downloads";
    private static final String ORG = "org-downloads";
    private static TestService service;
    private static JsonNode backup;
    private static Path stored;

    @BeforeAll
    static void setUp() throws Exception {
        service = TestService.shared();
        Tools.createEnvironment(ENV, "--org", ORG, "--rows", "5000", "--files", "40");
        service.environment(ENV, ORG, "odoo_it_downloads");
        service.folderStorage(ORG);
        backup = service.backup(ENV, "{}");
        assertThat(backup.get("status").asText()).isEqualTo("completed");
        stored = service.localStorage(ORG).resolve(backup.get("backup_key").asText());
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
    }

    private static HttpResponse<byte[]> get(String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/backups/"
                + backup.get("id").asText() + "/download")).header("Authorization", "Bearer " + TestService.TOKEN);
        if (range != null) {
            request.header("Range", range);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aDownloadSaysItsLengthAndNameAndServesOneRange() throws Exception {
        byte[] whole = Files.readAllBytes(stored);
        long size = backup.get("compressed_size").asLong();
        assertThat(whole.length).isEqualTo(size);

        HttpResponse<byte[]> full = get(null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Length")).hasValue(Long.toString(size));
        assertThat(full.headers().firstValue("Transfer-Encoding")).isEmpty();
        assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(full.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + backup.get("id").asText() + ".zip\"");
        assertThat(full.body()).isEqualTo(whole);

        HttpResponse<byte[]> middle = get("bytes=100-1099");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 100-1099/" + size);
        assertThat(middle.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(whole, 100, 1100));

        HttpResponse<byte[]> tail = get("bytes=-50");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 50, whole.length));

        HttpResponse<byte[]> rest = get("bytes=" + (size - 10) + "-");
        assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes " + (size - 10) + "-" + (size - 1) + "/" + size);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(whole, whole.length - 10, whole.length));

        HttpResponse<byte[]> beyond = get("bytes=" + size + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(beyond.body())).contains("beyond the backup's " + size + " bytes");

        HttpResponse<byte[]> several = get("bytes=0-1,5-6");
        assertThat(several.statusCode()).as("several ranges: the whole object").isEqualTo(200);
        assertThat(several.body()).isEqualTo(whole);
    }

    /** What a person does after a broken download: curl -C - picks it up where it stopped. */
    @Test
    void curlResumesABrokenDownloadToTheStoredBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("backup.zip");
        String url = service.baseUrl() + "/api/v1/backups/" + backup.get("id").asText() + "/download";
        List<String> curl = List.of("curl", "-sS", "-f", "-H", "Authorization: Bearer " + TestService.TOKEN);
        Tools.ok(concat(curl, List.of("-r", "0-" + (Files.size(stored) / 3), "-o", file.toString(), url)), java.util.Map.of());
        assertThat(Files.size(file)).isLessThan(Files.size(stored));
        Tools.ok(concat(curl, List.of("-C", "-", "-o", file.toString(), url)), java.util.Map.of());
        assertThat(Tools.ok("sha256sum", file.toString()).split(" ")[0]).isEqualTo(Tools.ok("sha256sum", stored.toString()).split(" ")[0]);
        assertThat(Tools.run(List.of("unzip", "-tq", file.toString())).exitCode()).isZero();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
