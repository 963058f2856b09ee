package io.odoobackup.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service (target/odoo-backup.jar) run as its own process, as the README runs it. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;

    private ServiceProcess(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static ServiceProcess start(Map<String, String> env, String... jvmOptions) throws Exception {
        ServiceProcess service = launch(env, jvmOptions);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    /** Another build of the service (an earlier release's jar), waited for as {@link #start} does. */
    public static ServiceProcess start(Path jar, Map<String, String> env) throws Exception {
        ServiceProcess service = launch(jar, env);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    /** Starts it without waiting for it to answer: for a start that must be refused, or one to kill early. */
    public static ServiceProcess launch(Map<String, String> env, String... jvmOptions) throws Exception {
        return launch(Path.of("target/odoo-backup.jar"), env, jvmOptions);
    }

    private static ServiceProcess launch(Path jar, Map<String, String> env, String... jvmOptions) throws Exception {
        int port = env.containsKey("BACKUP_HTTP_PORT") ? Integer.parseInt(env.get("BACKUP_HTTP_PORT")) : Tools.freePort();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Path log = Files.createTempFile("odoo-backup-service", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("BACKUP_"));
        builder.environment().putAll(env);
        builder.environment().put("BACKUP_HTTP_PORT", Integer.toString(port));
        builder.environment().putIfAbsent("BACKUP_MANAGEMENT_PORT", Integer.toString(Tools.freePort()));
        return new ServiceProcess(builder.start(), log, port, Integer.parseInt(builder.environment().get("BACKUP_MANAGEMENT_PORT")));
    }

    /** Waits for a process that must stop on its own; its exit code. */
    public int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The service did not stop by itself:\n" + log());
        }
        return process.exitValue();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Its management server (health and metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(Duration timeout) throws Exception {
        try {
            Await.until("the service answers", timeout, Duration.ofMillis(250), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("The service exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    return ((HttpURLConnection) URI.create(baseUrl() + "/api/v1/tasks/x").toURL().openConnection()).getResponseCode() == 401;
                } catch (IOException notYet) {
                    return false; // not listening yet
                }
            }, answers -> answers);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + log(), e);
        }
    }

    /** Kills it with SIGKILL, as a crash or the OOM killer would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Sends SIGTERM and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Stops it as an operator would (SIGTERM); its exit code. */
    public int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The service did not stop on SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}
