package io.odoobackup.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Set;

/**
 * Who sends an Authorization header, and whether they may do what they ask: a {@link Principal}, or
 * {@link AccessDenied}. The admin token (BACKUP_ADMIN_TOKEN) holds every permission in every organization; tokens
 * issued through the API hold theirs in one organization. It knows nothing of Camel or HTTP: the routes reach it
 * through the API's exchange adapter, the event stream directly.
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
    public static Principal policy() {
        return new Principal("policy", null, ALL_PERMISSIONS);
    }

    /**
     * Queued work, on whichever instance runs it: for the caller whose request was authorized when it was accepted,
     * within the organization it was accepted for (what it starts, a pre-restore backup, stays in that organization).
     */
    public static Principal accepted(String requestedBy, String organizationId) {
        return new Principal(requestedBy == null ? "policy" : requestedBy, organizationId, ALL_PERMISSIONS);
    }

    /** The caller of a header "Bearer <token>", whatever it may do. */
    public Principal authenticate(String header) throws SQLException, JsonProcessingException {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw AccessDenied.unauthenticated("Send 'Authorization: Bearer <token>'");
        }
        String token = header.substring(7).trim();
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)
                ? new Principal("admin", null, ALL_PERMISSIONS)
                : tokens.find(token).orElseThrow(() -> AccessDenied.unauthenticated("The bearer token is unknown or revoked"));
    }

    /** The caller, who holds every one of these permissions. */
    public Principal require(String header, String... permissions) throws SQLException, JsonProcessingException {
        Principal principal = authenticate(header);
        for (String permission : permissions) {
            if (!principal.mayAct(permission)) {
                throw AccessDenied.forbidden("The token lacks the permission " + permission);
            }
        }
        return principal;
    }

    /** The caller, who holds either of two permissions (reading what a permission manages, say). */
    public Principal requireAny(String header, String permission, String other) throws SQLException, JsonProcessingException {
        Principal principal = authenticate(header);
        if (!principal.mayAct(permission) && !principal.mayAct(other)) {
            throw AccessDenied.forbidden("The token lacks the permission " + permission + " (or " + other + ")");
        }
        return principal;
    }

    /**
     * Platform operations (docs/api.md §2: quotas, the sweep): the admin token only. An organization's token
     * is refused whatever permissions it holds.
     */
    public Principal requireAdmin(String header) throws SQLException, JsonProcessingException {
        Principal principal = authenticate(header);
        if (!principal.isAdmin()) {
            throw AccessDenied.forbidden("Only the admin token may do this: it is a platform operation");
        }
        return principal;
    }
}
