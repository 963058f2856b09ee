package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import io.odoobackup.security.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;

/** The token routes' bean {@code tokens}: a token request read and checked, and tokens as the API shows them. */
public final class TokenRequests {

    private final ObjectMapper json;
    private final Tokens tokens;

    public TokenRequests(ObjectMapper json, Tokens tokens) {
        this.json = json;
        this.tokens = tokens;
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
        String token = Tokens.newToken();
        exchange.setProperty("token", token);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID().toString());
        row.put("name", body.requiredText("name", Names.DISPLAY_NAME, Names.DISPLAY_NAME_HINT));
        row.put("organization_id", organizationId);
        row.put("permissions", json.writeValueAsString(permissions));
        row.put("token_hash", Tokens.hash(token));
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
        view.put("permissions", tokens.permissions((String) row.get("permissions")));
        view.put("created_at", row.get("created_at"));
        return view;
    }
}
