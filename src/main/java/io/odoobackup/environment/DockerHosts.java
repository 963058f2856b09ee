package io.odoobackup.environment;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.util.CertificateUtils;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.SqlFiles;
import io.odoobackup.platform.Stalls;
import io.odoobackup.security.SecretBox;
import java.io.StringReader;
import java.net.URI;
import java.security.KeyStore;
import java.security.Security;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Docker Engines of the platform (docs/api.md, Docker hosts): {@code default}, this service's own DOCKER_HOST,
 * and those the admin registered (docker_host: a URL, for TCP the host's CA and this service's client certificate
 * and key, the key sealed). Each is one {@link DockerExec}, made when first needed and again when its record
 * changes. A host that does not answer fails what needs it at once, naming the host; the others go on.
 */
public final class DockerHosts {

    public static final String DEFAULT = "default";
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration RESPONSE = Duration.ofMinutes(2);
    private static final long PING_SECONDS = 5;

    private final DataSource dataSource;
    private final SecretBox secretBox;
    private final Stalls stalls;
    private final DockerExec defaultEngine;
    private final Map<String, Built> engines = new ConcurrentHashMap<>();
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Boolean> checked = (host, up) -> { };
    private final ExecutorService pings = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "docker-host-ping");
        thread.setDaemon(true);
        return thread;
    });

    private record Built(Object version, DockerExec engine) {
    }

    static {
        // docker-java reads PEM keys (PKCS#1 and PKCS#8) with Bouncy Castle, by its provider's name; last in line
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    public DockerHosts(DataSource dataSource, SecretBox secretBox, Stalls stalls, String defaultUrl) {
        this.dataSource = dataSource;
        this.secretBox = secretBox;
        this.stalls = stalls;
        this.defaultEngine = engine(DEFAULT, URI.create(defaultUrl), null);
    }

    /** This service's own Docker Engine (DOCKER_HOST), before the records are there: for the checks of a start. */
    public static DockerClient client(String url) {
        return build(URI.create(url), null);
    }

    public DockerExec defaultEngine() {
        return defaultEngine;
    }

    /** The engine of a host by its id; a BackupFailure naming the id when no such host is registered. */
    public DockerExec engine(String hostId) {
        if (DEFAULT.equals(hostId) || hostId == null) {
            return defaultEngine;
        }
        Map<String, Object> row = row(hostId);
        Built built = engines.get(hostId);
        if (built == null || !Objects.equals(built.version(), row.get("updated_at"))) {
            built = new Built(row.get("updated_at"), engine(hostId, URI.create((String) row.get("url")), tls(row)));
            engines.put(hostId, built);
        }
        return built.engine();
    }

    /**
     * The container as the environment's host shows it (null when there is none); a host that does not answer fails
     * at once, naming the host and why.
     */
    public Inspected inspect(String hostId, String container) {
        DockerExec engine = engine(hostId);
        try {
            return engine.inspect(container);
        } catch (RuntimeException e) {
            throw new HostUnavailable("Docker host " + engine.hostId() + " does not answer (" + Causes.describe(e)
                    + "): nothing was done in its containers; check the host, or GET /api/v1/docker-hosts/" + engine.hostId());
        }
    }

    /** Asks every host to answer (a few seconds each, side by side); its status and reason are kept on its record. */
    public void check() throws SQLException {
        List<Map<String, Object>> hosts;
        try (Connection c = dataSource.getConnection()) {
            hosts = SqlFiles.query(c, "docker-host-all", Map.of());
        }
        Map<String, Future<String>> answers = new ConcurrentHashMap<>();
        for (Map<String, Object> host : hosts) {
            String id = (String) host.get("id");
            answers.put(id, pings.submit(() -> {
                try {
                    engine(id).client().pingCmd().exec();
                    return null;
                } catch (RuntimeException e) {
                    return Causes.describe(e);
                }
            }));
        }
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, Future<String>> answer : answers.entrySet()) {
                String error;
                try {
                    error = answer.getValue().get(PING_SECONDS, TimeUnit.SECONDS);
                } catch (Exception timedOut) {
                    answer.getValue().cancel(true);
                    error = "no answer within " + PING_SECONDS + " seconds";
                }
                seen.put(answer.getKey(), error == null ? "up" : "down: " + error);
                checked.accept(answer.getKey(), error == null);
                SqlFiles.update(c, "docker-host-status", Map.of("id", answer.getKey(), "status", error == null ? "up" : "down",
                        "last_error", error == null ? "" : error));
            }
        }
    }

    /** What the last check found of each host: "up", or "down: why" (readiness's details). */
    public Map<String, String> seen() {
        return Map.copyOf(seen);
    }

    /** Told each host's answer after each check (the metrics). */
    public void onChecked(BiConsumer<String, Boolean> listener) {
        this.checked = listener;
    }

    /** Forgets the engine of a host whose record changed or went. */
    public void forget(String hostId) {
        engines.remove(hostId);
        seen.remove(hostId);
    }

    private Map<String, Object> row(String hostId) {
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, Object>> rows = SqlFiles.query(c, "docker-host-by-id", Map.of("id", hostId));
            if (rows.isEmpty()) {
                throw new HostUnavailable("Docker host " + hostId + " is not registered: register it (POST /api/v1/docker-hosts)"
                        + " or point the environment at another host");
            }
            return rows.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("The records database does not answer: " + e.getMessage(), e);
        }
    }

    /** A host's TLS: its CA to trust, this service's certificate and key to show it; null for a plain one. */
    private SSLContext tls(Map<String, Object> row) {
        if (row.get("tls_ca") == null) {
            return null;
        }
        return context((String) row.get("tls_ca"), (String) row.get("tls_cert"), secretBox.open((String) row.get("tls_key")));
    }

    /** An SSL context from PEM texts; an IllegalArgumentException saying which is unreadable. */
    public static SSLContext context(String ca, String cert, String key) {
        try {
            KeyStore trusted = CertificateUtils.createTrustStore(ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(CertificateUtils.createKeyStore(key, cert), "docker".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalArgumentException("tls_ca, tls_cert and tls_key must be PEM texts (a CA certificate, a client"
                    + " certificate and its key, as openssl writes them): " + Causes.describe(e), e);
        }
    }

    /** Checks PEM texts without keeping anything: null when they read, else why not. */
    public static String unreadable(String ca, String cert, String key) {
        try {
            context(ca, cert, key);
            CertificateUtils.loadPrivateKey(new StringReader(key));
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private DockerExec engine(String hostId, URI url, SSLContext tls) {
        return new DockerExec(hostId, url, tls, build(url, tls), stalls);
    }

    /** A docker-java client straight on the engine (Unix socket, TCP, or TCP with mutual TLS). */
    private static DockerClient build(URI url, SSLContext tls) {
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(url.toString())
                .withDockerTlsVerify(tls != null).withCustomSslConfig(tls == null ? null : () -> tls).build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).maxConnections(64).connectionTimeout(CONNECT).responseTimeout(RESPONSE).build();
        return DockerClientImpl.getInstance(config, http);
    }
}
