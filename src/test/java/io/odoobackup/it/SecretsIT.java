package io.odoobackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups and connection tests with every kind of secret, good and wrong, on the packaged service; its
 * whole log and every answer it gave are then searched for each secret.
 */
class SecretsIT {

    private static final String ENV = "it-secrets";
    private static final String BUCKET = "it-secrets-" + Long.toString(System.nanoTime(), 36);
    private static final String ADMIN = "Adm1n-Token-For-Secrets-IT-0042";

    @BeforeAll
    static void setUp() throws Exception {
        Tools.createEnvironment(ENV, "--files", "10", "--rows", "100");
        Tools.aws("s3", "mb", "s3://" + BUCKET);
    }

    @AfterAll
    static void tearDown() throws Exception {
        Tools.removeEnvironment(ENV);
        Tools.aws("s3", "rb", "--force", "s3://" + BUCKET);
    }

    @Test
    void noSecretAppearsInTheLogOrInAnyAnswer(@TempDir Path data, @TempDir Path tmp) throws Exception {
        List<String> secrets = List.of(Tools.S3_SECRET_KEY, Tools.FTP_PASSWORD, ADMIN, "Wr0ng-S3-Secret-4711",
                "Wr0ng-B2-Key-4712", "Wr0ng-Ftp-Pass-4713", "Wr0ng-Sftp-Pass-4714", "Unreachable-Secret-4715");
        List<String> answers = new ArrayList<>();
        try (ServiceProcess process = ServiceProcess.start(Map.of("BACKUP_DATA_DIR", data.toString(), "BACKUP_TMP_DIR", tmp.toString(),
                "BACKUP_ADMIN_TOKEN", ADMIN, "BACKUP_UPLOAD_RETRY_DELAY_MS", "100",
                "BACKUP_STORAGE_ALLOWED_NETWORKS", TestService.ALLOWED_NETWORKS))) {
            ApiClient api = new ApiClient(process.baseUrl(), ADMIN);
            answers.add(api.call("POST", "/api/v1/environments", "{\"id\":\"" + ENV
                    + "\",\"organization_id\":\"org-secrets\",\"name\":\"Secrets\",\"db_name\":\"odoo_it_secrets\"}").body());
            String s3 = "\"bucket\":\"" + BUCKET + "\",\"endpoint_url\":\"" + Tools.S3_ENDPOINT + "\"";
            String ftp = "\"ftp_host\":\"127.0.0.1\",\"ftp_username\":\"" + Tools.FTP_USER + "\",\"ftp_base_path\":\"/data/secrets\"";
            List<String> configs = List.of(
                    "\"provider\":\"s3\",\"access_key\":\"" + Tools.S3_ACCESS_KEY + "\",\"secret_key\":\"" + Tools.S3_SECRET_KEY + "\"," + s3,
                    "\"provider\":\"b2\",\"region\":\"us-west-002\",\"application_key_id\":\"" + Tools.S3_ACCESS_KEY
                            + "\",\"application_key\":\"" + Tools.S3_SECRET_KEY + "\"," + s3,
                    "\"provider\":\"ftp\",\"ftp_port\":" + Tools.FTP_PORT + ",\"ftp_use_ssl\":true,\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"," + ftp,
                    "\"provider\":\"sftp\",\"ftp_port\":" + Tools.SFTP_PORT + ",\"ftp_password\":\"" + Tools.FTP_PASSWORD + "\"," + ftp,
                    "\"provider\":\"minio\",\"access_key\":\"" + Tools.S3_ACCESS_KEY + "\",\"secret_key\":\"Wr0ng-S3-Secret-4711\"," + s3,
                    "\"provider\":\"b2\",\"region\":\"us-west-002\",\"application_key_id\":\"k\",\"application_key\":\"Wr0ng-B2-Key-4712\"," + s3,
                    "\"provider\":\"ftp\",\"ftp_port\":" + Tools.FTP_PORT + ",\"ftp_password\":\"Wr0ng-Ftp-Pass-4713\"," + ftp,
                    "\"provider\":\"sftp\",\"ftp_port\":" + Tools.SFTP_PORT + ",\"ftp_password\":\"Wr0ng-Sftp-Pass-4714\"," + ftp,
                    "\"provider\":\"minio\",\"access_key\":\"a\",\"secret_key\":\"Unreachable-Secret-4715\",\"bucket\":\"b-1\",\"endpoint_url\":\"http://127.0.0.1:9\"");
            int completed = 0;
            for (String fields : configs) {
                String response = api.call("POST", "/api/v1/backups/storage-configs",
                        "{\"organization_id\":\"org-secrets\",\"name\":\"c\"," + fields + "}").body();
                answers.add(response);
                String id = api.json(response).get("id").asText();
                answers.add(api.call("POST", "/api/v1/backups/storage-configs/" + id + "/test", null).body());
                answers.add(api.call("GET", "/api/v1/backups/storage-configs/" + id, null).body());
                answers.add(api.call("PATCH", "/api/v1/backups/storage-configs/" + id, "{\"name\":\"renamed\"}").body());
                String created = api.call("POST", "/api/v1/backups/environments/" + ENV + "/backups", "{\"storage_config_id\":\"" + id + "\"}").body();
                answers.add(created);
                JsonNode task = api.awaitTask(api.json(created).get("task_id").asText(), Duration.ofMinutes(2));
                answers.add(task.toString());
                JsonNode backup = api.expect(200, "GET", "/api/v1/backups/" + api.json(created).get("id").asText(), null);
                answers.add(backup.toString());
                completed += backup.get("status").asText().equals("completed") ? 1 : 0;
            }
            answers.add(api.call("GET", "/api/v1/backups/storage-configs?limit=500", null).body());
            answers.add(api.call("GET", "/api/v1/backups/environments/" + ENV + "/backups?limit=500", null).body());
            assertThat(completed).as("the four good configurations back up").isEqualTo(4);
            process.stop();
            String log = process.log();
            assertThat(log).contains("login failed").contains("cannot connect"); // the failures were logged, in words
            for (String secret : secrets) {
                assertThat(log).as("log").doesNotContain(secret);
                assertThat(answers).as("answers").noneMatch(a -> a.contains(secret));
            }
            System.out.printf("Secrets: %d secrets searched in %d answers and %d log characters: none found%n",
                    secrets.size(), answers.size(), log.length());
        }
    }
}
