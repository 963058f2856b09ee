package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.Names;
import io.odoobackup.security.Principal;
import java.sql.SQLException;
import org.apache.camel.Exchange;

/**
 * The routes' bean {@code auth}: {@link BearerAuth} on an exchange's Authorization header, leaving the caller as the
 * exchange property {@code principal} and its {@link io.odoobackup.security.OrganizationScope} as {@code organizationScope}.
 */
public final class ExchangeAuth {

    private final BearerAuth auth;

    public ExchangeAuth(BearerAuth auth) {
        this.auth = auth;
    }

    public void actForPolicy(Exchange exchange) {
        act(exchange, BearerAuth.policy());
    }

    public void actForAccepted(String requestedBy, String organizationId, Exchange exchange) {
        act(exchange, BearerAuth.accepted(requestedBy, organizationId));
    }

    /** Any valid token, whatever it may do (GET /tokens/self). */
    public void identify(Exchange exchange) throws SQLException, JsonProcessingException {
        act(exchange, auth.authenticate(header(exchange)));
    }

    public void require(Exchange exchange, String permission) throws SQLException, JsonProcessingException {
        act(exchange, auth.require(header(exchange), permission));
    }

    public void requireAny(Exchange exchange, String permission, String other) throws SQLException, JsonProcessingException {
        act(exchange, auth.requireAny(header(exchange), permission, other));
    }

    public void requireAdmin(Exchange exchange) throws SQLException, JsonProcessingException {
        act(exchange, auth.requireAdmin(header(exchange)));
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

    /** The caller, and apart from it the organizations the statements it runs may reach. */
    private static void act(Exchange exchange, Principal principal) {
        exchange.setProperty("principal", principal);
        exchange.setProperty("organizationScope", principal.scope());
    }

    private static String header(Exchange exchange) {
        return exchange.getMessage().getHeader("Authorization", String.class);
    }
}
