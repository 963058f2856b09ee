package io.odoobackup.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Names;
import io.odoobackup.security.Redaction;
import io.odoobackup.security.SecretBox;
import io.odoobackup.storage.Hosts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * Docker host records (docs/api.md, Docker hosts): read from the admin's requests, checked (a Unix socket path, or TCP
 * with the host's CA and a client certificate and key that read as PEM), the key sealed, and shown with the key as
 * "****". The host {@code default} is this service's own DOCKER_HOST: only its limit and organizations change.
 */
public final class DockerHostRequests {

    private static final Set<String> FIELDS = Set.of("id", "name", "url", "tls_ca", "tls_cert", "tls_key", "max_concurrent",
            "organizations");
    private static final Pattern UNIX = Pattern.compile("unix://(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+");
    private static final Pattern TCP = Pattern.compile("tcp://([^:/]+):([0-9]{1,5})");
    private static final Predicate<String> PEM = s -> s.length() <= 65_536 && s.contains("-----BEGIN ");
    private static final String PEM_HINT = "a PEM text (-----BEGIN ...)";
    private static final TypeReference<List<String>> TEXTS = new TypeReference<>() {
    };
    private static final String MASK = Redaction.MASK;
    private static final String URL_HINT = "unix:///path/to/docker.sock, or tcp://host:port with tls_ca, tls_cert and tls_key";

    private final ObjectMapper json;
    private final SecretBox secretBox;
    private final String defaultUrl;

    public DockerHostRequests(ObjectMapper json, SecretBox secretBox, String defaultUrl) {
        this.json = json;
        this.secretBox = secretBox;
        this.defaultUrl = defaultUrl;
    }

    /** POST: the columns of a new docker_host row. */
    public Map<String, Object> toRecord(Exchange exchange) throws JsonProcessingException {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), FIELDS, "in a Docker host");
        String id = body.requiredText("id", Names.ID.and(s -> !s.equals(DockerHosts.DEFAULT)), Names.ID_HINT + ", not 'default'");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        record.put("url", body.requiredText("url", DockerHostRequests::isUrl, URL_HINT));
        record.put("tls_ca", body.text("tls_ca", PEM, PEM_HINT).orElse(null));
        record.put("tls_cert", body.text("tls_cert", PEM, PEM_HINT).orElse(null));
        String key = body.text("tls_key", PEM, PEM_HINT).orElse(null);
        record.put("max_concurrent", body.integer("max_concurrent", 1, 1000).orElse(2));
        record.put("organizations", json.writeValueAsString(organizations(body).orElse(List.of())));
        return sealed(record, key);
    }

    /** PATCH: the stored row (the body) with the fields sent; "****" keeps the stored key. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> patchRecord(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        JsonBody body = JsonBody.parse(json, exchange.getProperty("request", String.class), FIELDS, "in a Docker host");
        if (body.has("id")) {
            throw Problem.badRequest("Field 'id' cannot change: register a new host instead");
        }
        boolean own = DockerHosts.DEFAULT.equals(row.get("id"));
        if (own && (body.has("url") || body.has("tls_ca") || body.has("tls_cert") || body.has("tls_key"))) {
            throw Problem.badRequest("Host 'default' is this service's DOCKER_HOST: change the setting to move it");
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", row.get("id"));
        record.put("name", body.text("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT).orElse((String) row.get("name")));
        record.put("url", body.text("url", DockerHostRequests::isUrl, URL_HINT).orElse((String) row.get("url")));
        record.put("tls_ca", body.isNull("tls_ca") ? null : body.text("tls_ca", PEM, PEM_HINT).orElse((String) row.get("tls_ca")));
        record.put("tls_cert", body.isNull("tls_cert") ? null : body.text("tls_cert", PEM, PEM_HINT).orElse((String) row.get("tls_cert")));
        String key = body.isNull("tls_key") ? null : body.text("tls_key", PEM.or(MASK::equals), PEM_HINT)
                .filter(k -> !MASK.equals(k)).orElse(row.get("tls_key") == null ? null : secretBox.open((String) row.get("tls_key")));
        record.put("max_concurrent", body.integer("max_concurrent", 1, 1000).orElse(((Number) row.get("max_concurrent")).intValue()));
        record.put("organizations", body.isNull("organizations") ? "[]" : json.writeValueAsString(organizations(body)
                .orElse(json.readValue(row.get("organizations").toString(), TEXTS))));
        if (own) {
            record.put("url", null); // the setting's, never stored
            record.put("tls_key", null);
            return record;
        }
        return sealed(record, key);
    }

    /** The API view of a row: the key as "****", the organizations as a list, the default host's URL the setting's. */
    public Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("name", row.get("name"));
        view.put("url", row.get("url") == null ? defaultUrl : row.get("url"));
        view.put("tls_ca", row.get("tls_ca"));
        view.put("tls_cert", row.get("tls_cert"));
        view.put("tls_key", row.get("tls_key") == null ? null : MASK);
        view.put("max_concurrent", row.get("max_concurrent"));
        view.put("organizations", json.readValue(row.get("organizations").toString(), TEXTS));
        view.put("status", row.get("status"));
        view.put("last_error", row.get("last_error"));
        view.put("checked_at", row.get("checked_at"));
        view.put("created_at", row.get("created_at"));
        view.put("updated_at", row.get("updated_at"));
        return view;
    }

    public List<Map<String, Object>> views(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            views.add(view(row));
        }
        return views;
    }

    private static boolean isUrl(String url) {
        if (UNIX.matcher(url).matches()) {
            return !url.contains("/../") && !url.endsWith("/..");
        }
        var tcp = TCP.matcher(url);
        return tcp.matches() && Hosts.NAME.test(tcp.group(1)) && Integer.parseInt(tcp.group(2)) >= 1 && Integer.parseInt(tcp.group(2)) <= 65535;
    }

    private java.util.Optional<List<String>> organizations(JsonBody body) {
        return body.texts("organizations", 1000, Names.ID, "a list of organization ids (empty: every organization)");
    }

    /**
     * A TCP host needs its CA, a client certificate and its key (the exec stream and the API are encrypted and the
     * host knows this service); a Unix socket needs none. The key is sealed like storage secrets.
     */
    private Map<String, Object> sealed(Map<String, Object> record, String key) {
        String url = (String) record.get("url");
        boolean tcp = url.startsWith("tcp://");
        if (tcp && (record.get("tls_ca") == null || record.get("tls_cert") == null || key == null)) {
            throw Problem.badRequest("A tcp:// host needs tls_ca, tls_cert and tls_key: the Docker API is never spoken in clear"
                    + " across a network (dockerd --tlsverify)");
        }
        if (!tcp && (record.get("tls_ca") != null || record.get("tls_cert") != null || key != null)) {
            throw Problem.badRequest("A unix:// host takes no tls_ca, tls_cert or tls_key");
        }
        if (tcp) {
            String unreadable = DockerHosts.unreadable((String) record.get("tls_ca"), (String) record.get("tls_cert"), key);
            if (unreadable != null) {
                throw Problem.badRequest(unreadable);
            }
        }
        record.put("tls_key", key == null ? null : secretBox.seal(key));
        return record;
    }
}
