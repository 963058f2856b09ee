package io.odoobackup.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/** API tokens: issued once in clear, kept only as a SHA-256 hash, scoped to an organization and permissions. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<String>> PERMISSIONS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final DataSource dataSource;

    public Tokens(ObjectMapper json, DataSource dataSource) {
        this.json = json;
        this.dataSource = dataSource;
    }

    /** The caller a live token stands for. */
    public Optional<Principal> find(String token) throws SQLException, JsonProcessingException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, organization_id, permissions FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")) {
            ps.setString(1, hash(token));
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(r.getString(1), r.getString(2),
                        Set.copyOf(json.readValue(r.getString(3), PERMISSIONS))));
            }
        }
    }

    /** A new token's row (with its hash) and, in exchangeProperty.token, the token itself. */
    public Map<String, Object> issue(Exchange exchange) throws JsonProcessingException {
        Principal caller = exchange.getProperty("principal", Principal.class);
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), Set.of("organization_id", "name", "permissions"),
                "in a token request");
        String organizationId = body.requiredText("organization_id", Names.ORGANIZATION, Names.ORGANIZATION_HINT);
        if (!caller.sees(organizationId)) {
            throw new Problem(403, "Forbidden", "The token may not act for organization " + organizationId);
        }
        JsonNode requested = json.readTree(exchange.getMessage().getBody(String.class)).get("permissions");
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            throw Problem.badRequest("Field 'permissions' is required: a non-empty list of " + String.join(", ", BearerAuth.ALL_PERMISSIONS));
        }
        Set<String> permissions = new LinkedHashSet<>();
        for (JsonNode permission : requested) {
            if (!permission.isTextual() || !BearerAuth.ALL_PERMISSIONS.contains(permission.textValue())) {
                throw Problem.badRequest("Field 'permissions' must list only: " + String.join(", ", BearerAuth.ALL_PERMISSIONS));
            }
            if (!caller.mayAct(permission.textValue())) {
                throw new Problem(403, "Forbidden", "A token cannot grant " + permission.textValue() + ", which it lacks");
            }
            permissions.add(permission.textValue());
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "obk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        exchange.setProperty("token", token);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID().toString());
        row.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        row.put("organization_id", organizationId);
        row.put("permissions", json.writeValueAsString(permissions));
        row.put("token_hash", hash(token));
        return row;
    }

    /** The creation answer: the row's fields, and the token, shown this once. */
    public Map<String, Object> created(Map<String, Object> row, Exchange exchange) throws JsonProcessingException {
        Map<String, Object> view = view(row);
        view.put("token", exchange.getProperty("token"));
        return view;
    }

    /** GET /tokens: {"items": [...]} with each token's id, name, organization, permissions and creation, never a secret. */
    public Map<String, Object> listed(List<Map<String, Object>> rows) throws JsonProcessingException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            items.add(view(row));
        }
        return Map.of("items", items);
    }

    /** GET /tokens/self: the calling token's record; the admin token (no record) as what it is. */
    public Map<String, Object> self(Map<String, Object> row, Exchange exchange) throws JsonProcessingException {
        if (row != null) {
            return view(row);
        }
        Principal principal = exchange.getProperty("principal", Principal.class);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", principal.id());
        view.put("name", principal.id());
        view.put("organization_id", principal.organizationId());
        view.put("permissions", principal.permissions().stream().sorted().toList());
        return view;
    }

    private Map<String, Object> view(Map<String, Object> row) throws JsonProcessingException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("name", row.get("name"));
        view.put("organization_id", row.get("organization_id"));
        view.put("permissions", json.readValue((String) row.get("permissions"), PERMISSIONS));
        view.put("created_at", row.get("created_at"));
        return view;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
