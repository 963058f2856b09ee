package io.odoobackup.security;

import io.odoobackup.api.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Checks the bearer token of an API call and leaves the caller as the exchange property
 * {@code principal}. The admin token (BACKUP_ADMIN_TOKEN) holds every permission.
 */
public final class BearerAuth {

    public static final Set<String> ALL_PERMISSIONS = Set.of(
            "project.backups.create", "project.backups.view", "project.backups.delete",
            "project.backups.restore", "project.backups.policy", "org.storage.manage", "org.tokens.manage");

    private final byte[] adminToken;

    public BearerAuth(String adminToken) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /** Backups a policy starts act for every organization, recorded as created by "policy". */
    public void actForPolicy(Exchange exchange) {
        exchange.setProperty("principal", new Principal("policy", null, ALL_PERMISSIONS));
    }

    /** For operations that need every permission (the retention sweep). */
    public void requireAll(Exchange exchange) {
        for (String permission : ALL_PERMISSIONS) {
            require(exchange, permission);
        }
    }

    public void require(Exchange exchange, String permission) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Problem(401, "Unauthorized", "Send 'Authorization: Bearer <token>'");
        }
        byte[] token = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, adminToken)) {
            throw new Problem(401, "Unauthorized", "The bearer token is unknown or revoked");
        }
        Principal principal = new Principal("admin", null, ALL_PERMISSIONS);
        if (!principal.mayAct(permission)) {
            throw new Problem(403, "Forbidden", "The token lacks the permission " + permission);
        }
        exchange.setProperty("principal", principal);
    }
}
