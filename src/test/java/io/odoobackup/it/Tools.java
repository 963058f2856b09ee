package io.odoobackup.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Independent tools (docker, unzip, tar, psql, the aws CLI, the project's scripts), run as processes. */
public final class Tools {

    public static final String S3_ENDPOINT = "http://127.0.0.1:" + System.getenv().getOrDefault("S3PROXY_PORT", "18480");
    public static final String S3_ACCESS_KEY = System.getenv().getOrDefault("S3PROXY_ACCESS_KEY", "test-access-key");
    public static final String S3_SECRET_KEY = System.getenv().getOrDefault("S3PROXY_SECRET_KEY", "test-secret-key");

    public static final int FTP_PORT = Integer.parseInt(System.getenv().getOrDefault("FTP_PORT", "18421"));
    public static final int SFTP_PORT = Integer.parseInt(System.getenv().getOrDefault("SFTP_PORT", "18422"));
    public static final String FTP_USER = System.getenv().getOrDefault("FTP_USER", "obftp");
    public static final String FTP_PASSWORD = System.getenv().getOrDefault("FTP_PASSWORD", "obftp-pass-1");

    private Tools() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    public static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    /** Runs a command that must succeed; its output. */
    public static String ok(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Result result = run(command, env);
        if (result.exitCode() != 0) {
            throw new AssertionError("Failed (exit " + result.exitCode() + "): " + command + "\n" + result.output());
        }
        return result.output();
    }

    public static String ok(String... command) throws IOException, InterruptedException {
        return ok(List.of(command), Map.of());
    }

    /** Debian's aws CLI against the shared S3Proxy; it must succeed. */
    public static String aws(String... args) throws IOException, InterruptedException {
        Result result = awsAt(S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("Failed (exit " + result.exitCode() + "): aws " + List.of(args) + "\n" + result.output());
        }
        return result.output();
    }

    /** Debian's aws CLI against an S3Proxy (CRC checksums off: S3Proxy does not implement them), whatever it answers. */
    public static Result awsAt(String endpoint, String accessKey, String secretKey, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", endpoint));
        command.addAll(List.of(args));
        return run(command, Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey,
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_REQUEST_CHECKSUM_CALCULATION", "when_required",
                "AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required", "AWS_PAGER", ""));
    }

    /** An Odoo-like environment in the test Docker Engine (scripts/test-env.sh). */
    public static void createEnvironment(String id, String... options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("scripts/test-env.sh", "create", id));
        command.addAll(List.of(options));
        ok(command, Map.of());
    }

    public static void removeEnvironment(String id) throws IOException, InterruptedException {
        ok("scripts/test-env.sh", "remove", id);
    }

    /**
     * A session in the environment's database that holds an exclusive lock on res_partner (as a module upgrade
     * would) until closed; pg_dump cannot read that table meanwhile.
     */
    public static AutoCloseable lockTable(String environmentId, String dbName) throws Exception {
        String container = environmentId + "_db";
        ok("docker", "exec", "-d", container, "psql", "-U", "odoo", "-d", dbName, "-c",
                "BEGIN; LOCK TABLE res_partner IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600);");
        String held = "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'res_partner' AND l.mode = 'AccessExclusiveLock' AND l.granted";
        Await.until("the lock on res_partner is held", Duration.ofSeconds(10),
                () -> ok("docker", "exec", container, "psql", "-U", "odoo", "-d", dbName, "-At", "-c", held).trim(), "1"::equals);
        return () -> ok("docker", "exec", container, "psql", "-U", "odoo", "-d", dbName, "-c",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()");
    }

    /** A webhook's signature as a receiver computes it (JDK's HmacSHA256, not the service's code): hex HMAC-SHA256. */
    public static String hmacSha256(String secret, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row counts of the Odoo-like tables, read with psql inside the environment's database container. */
    public static String sourceCounts(String environmentId, String dbName) throws IOException, InterruptedException {
        return ok("docker", "exec", environmentId + "_db", "psql", "-U", "odoo", "-d", dbName, "-At", "-c", COUNTS);
    }

    public static final String COUNTS = "SELECT (SELECT count(*) FROM res_partner) || ',' || (SELECT count(*) FROM res_users)"
            + " || ',' || (SELECT count(*) FROM ir_attachment) || ',' || (SELECT count(*) FROM ir_module_module)"
            + " || ',' || (SELECT md5(string_agg(comment, '' ORDER BY id)) FROM res_partner)"
            + " || ',' || (SELECT md5(string_agg(encode(db_datas, 'hex'), '' ORDER BY id)) FROM ir_attachment)";

    /** A port nobody listens on at the moment. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Settings of a private S3Proxy serving {@code dir}/data on {@code port}, with one bucket; the properties file. */
    public static Path s3ProxyProperties(Path dir, int port, String identity, String credential, String bucket) throws IOException {
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity, "s3proxy.credential=" + credential, "jclouds.provider=filesystem-nio2",
                "jclouds.identity=unused", "jclouds.credential=unused", "jclouds.filesystem.basedir=" + dir.resolve("data")));
        Files.createDirectories(dir.resolve("data").resolve(bucket));
        return properties;
    }

    /** A private S3Proxy (a test stops and starts it at will), listening once this returns; its process. */
    public static Process startS3Proxy(Path properties, int port) throws Exception {
        Path jar = Path.of(".infra/s3proxy-2.6.0.jar").toAbsolutePath();
        Process process = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(properties.resolveSibling("s3proxy.log").toFile()).start();
        try {
            Await.until("S3Proxy listens on " + port, Duration.ofSeconds(60), () -> {
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            }, listening -> listening);
            return process;
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(properties.resolveSibling("s3proxy.log")), e);
        }
    }

    /** A database of its own in the test PostgreSQL, for instances with records of their own; dropped on close. */
    public record Database(String url) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
                 java.sql.Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + url.replaceAll("^.*/", "") + " WITH (FORCE)");
            }
        }
    }

    public static Database freshDatabase(String prefix) throws Exception {
        String name = prefix + "_" + Long.toString(System.nanoTime(), 36);
        String url = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres").replaceAll("/[^/]+$", "/" + name);
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url.replaceAll("/[^/]+$", "/postgres"), "postgres", "");
             java.sql.Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new Database(url);
    }

    /**
     * Opens the schedule window of every enabled policy whose environment id starts with {@code prefix} at
     * {@code start} (in the past, or the future): each environment's trigger is set to fire at the window's start plus
     * the environment's own offset in it, as it would on the day, instead of waiting for the policy's time.
     */
    public static void openWindow(java.sql.Connection db, String prefix, java.time.Instant start) throws Exception {
        try (java.sql.Statement s = db.createStatement(); java.sql.ResultSet policies = s.executeQuery(
                "SELECT p.environment_id, p.schedule_time, c.cron_expression FROM backup_policy p JOIN qrtz_cron_triggers c"
                        + " ON c.trigger_name = p.environment_id AND c.trigger_group = 'backup-policies'"
                        + " WHERE p.enabled AND p.environment_id LIKE '" + prefix + "%'")) {
            List<String> updates = new java.util.ArrayList<>();
            while (policies.next()) {
                String[] cron = policies.getString(3).split(" ");
                String[] time = policies.getString(2).split(":");
                int planned = Integer.parseInt(cron[2]) * 3600 + Integer.parseInt(cron[1]) * 60 + Integer.parseInt(cron[0]);
                int offset = Math.floorMod(planned - Integer.parseInt(time[0]) * 3600 - Integer.parseInt(time[1]) * 60, 86_400);
                updates.add("UPDATE qrtz_triggers SET next_fire_time = " + start.plusSeconds(offset).toEpochMilli()
                        + " WHERE trigger_group = 'backup-policies' AND trigger_name = '" + policies.getString(1) + "'");
            }
            for (String update : updates) {
                s.executeUpdate(update);
            }
        }
    }
}
