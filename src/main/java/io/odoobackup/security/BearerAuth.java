package io.odoobackup.security;

import io.odoobackup.api.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Checks the bearer token of an API call and leaves the caller as the exchange property
 * {@code principal}. The admin token (BACKUP_ADMIN_TOKEN) holds every permission in every organization;
 * tokens issued through the API hold theirs in one organization.
 */
public final class BearerAuth {

    public static final Set<String> ALL_PERMISSIONS = Set.of(
            "project.backups.create", "project.backups.view", "project.backups.delete",
            "project.backups.restore", "project.backups.policy", "org.storage.manage", "org.tokens.manage",
            "org.notifications.manage");

    private final byte[] adminToken;
    private final Tokens tokens;

    public BearerAuth(String adminToken, Tokens tokens) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
    }

    /** Backups a policy starts act for every organization, recorded as created by "policy". */
    public void actForPolicy(Exchange exchange) {
        exchange.setProperty("principal", new Principal("policy", null, ALL_PERMISSIONS));
    }

    /**
     * Queued work, on whichever instance runs it: for the caller whose request was authorized when it was accepted,
     * within the organization it was accepted for (what it starts, a pre-restore backup, stays in that organization).
     */
    public void actForAccepted(String requestedBy, String organizationId, Exchange exchange) {
        exchange.setProperty("principal", new Principal(requestedBy == null ? "policy" : requestedBy, organizationId, ALL_PERMISSIONS));
    }

    /** Either of two permissions will do (reading what a permission manages, say). */
    public void requireAny(Exchange exchange, String permission, String other) throws Exception {
        Principal principal = authenticate(exchange);
        if (!principal.mayAct(permission) && !principal.mayAct(other)) {
            throw new Problem(403, "Forbidden", "The token lacks the permission " + permission + " (or " + other + ")");
        }
        exchange.setProperty("principal", principal);
    }

    /**
     * The organization of the path ({org_id}) as exchangeProperty.organizationId: one the token sees (its own; every one
     * for the admin, "platform" included), else 404 as for any object of another organization.
     */
    public void organization(Exchange exchange) {
        String organizationId = exchange.getMessage().getHeader("org_id", String.class);
        if (organizationId == null || !Names.ID.test(organizationId)
                || !exchange.getProperty("principal", Principal.class).sees(organizationId)) {
            throw Problem.notFound("Organization " + organizationId + " is not known to this token");
        }
        exchange.setProperty("organizationId", organizationId);
    }

    /**
     * Platform operations (docs/api.md §2: quotas, the sweep): the admin token only. An organization's token
     * is refused whatever permissions it holds.
     */
    public void requireAdmin(Exchange exchange) throws Exception {
        authorize(exchange, Set.of());
        if (!exchange.getProperty("principal", Principal.class).isAdmin()) {
            throw new Problem(403, "Forbidden", "Only the admin token may do this: it is a platform operation");
        }
    }

    /** Any valid token, whatever it may do (GET /tokens/self). */
    public void identify(Exchange exchange) throws Exception {
        authorize(exchange, Set.of());
    }

    public void require(Exchange exchange, String permission) throws Exception {
        authorize(exchange, Set.of(permission));
    }

    private void authorize(Exchange exchange, Set<String> permissions) throws Exception {
        Principal principal = authenticate(exchange);
        for (String permission : permissions) {
            if (!principal.mayAct(permission)) {
                throw new Problem(403, "Forbidden", "The token lacks the permission " + permission);
            }
        }
        exchange.setProperty("principal", principal);
    }

    private Principal authenticate(Exchange exchange) throws Exception {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Problem(401, "Unauthorized", "Send 'Authorization: Bearer <token>'");
        }
        String token = header.substring(7).trim();
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)
                ? new Principal("admin", null, ALL_PERMISSIONS)
                : tokens.find(token).orElseThrow(() -> new Problem(401, "Unauthorized", "The bearer token is unknown or revoked"));
    }
}
