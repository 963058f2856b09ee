package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start, taken from README.md itself and run by bash as a newcomer pastes it: on its own port and
 * data folder, so that it meets nothing the other tests left.
 */
class QuickStartIT {

    private static final String START = "<!-- quick-start -->\n```bash\n";

    @AfterEach
    void cleanUp() throws Exception {
        Tools.removeEnvironment("demo");
        Files.deleteIfExists(Path.of("service.log"));
        Files.deleteIfExists(Path.of("demo-backup.zip"));
    }

    static String quickStart() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        assertThat(start).as("README.md marks its quick start with " + START.strip()).isNotNegative();
        int end = readme.indexOf("\n```", start + START.length());
        return readme.substring(start + START.length(), end + 1);
    }

    @Test
    void theReadmesQuickStartRunsAsWritten(@TempDir Path data) throws Exception {
        int port = Tools.freePort();
        Path script = data.resolveSibling(data.getFileName() + "-quick-start.sh");
        Files.writeString(script, quickStart());
        // the console tests' node_modules, freshly installed, is newer than the jar: it must not make run.sh rebuild it
        Path nodeModules = Path.of("src/test/console/node_modules");
        if (Files.isDirectory(nodeModules)) {
            Files.setLastModifiedTime(nodeModules, FileTime.from(Instant.now()));
        }
        Tools.Result run = Tools.run(List.of("bash", script.toString()),
                Map.of("BACKUP_HTTP_PORT", Integer.toString(port), "BACKUP_MANAGEMENT_PORT", Integer.toString(Tools.freePort()),
                        "BACKUP_DATA_DIR", data.toString()));
        String out = run.output();
        assertThat(run.exitCode()).as(out).isZero();
        assertThat(out).as(out)
                .contains("started: API at http://0.0.0.0:" + port)
                .contains("POST /environments -> 201")
                .contains("POST /backups/storage-configs -> 201")
                .contains("POST /backups/environments/demo/backups -> 201")
                .containsPattern("GET /backups/[0-9a-f-]{36} -> 200")
                .contains("\"is_verified\": true")
                .contains("GET /backups/environments/demo/backups -> 200")
                .containsPattern("download -> 200, [1-9][0-9]* bytes")
                .contains("dump.sql").contains("filestore.tar.gz").contains("manifest.json")
                .containsPattern("POST /backups/[0-9a-f-]{36}/restore -> 202")
                .containsPattern("GET /restores/[0-9a-f-]{36} -> 200")
                .containsPattern("DELETE /backups/[0-9a-f-]{36} -> 204")
                .contains("odoo-backup stopped")
                .doesNotContain("\"status\": \"failed\"").doesNotContain("the service stopped:")
                .as("run.sh builds only when the jar is older than what goes into it")
                .doesNotContain("[run] building");
        // the downloaded ZIP, checked with unzip, not with the service's own code
        assertThat(Tools.run(List.of("unzip", "-tq", "demo-backup.zip")).exitCode()).isZero();
        Files.deleteIfExists(script);
    }
}
