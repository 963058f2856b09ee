package io.odoobackup.security;

import java.util.Set;

/** Who calls: the organization a token is scoped to (null: every organization) and its permissions. */
public record Principal(String id, String organizationId, Set<String> permissions) {

    /** The admin token: the platform's operator, who alone may do platform operations (docs/api.md §2). */
    public boolean isAdmin() {
        return "admin".equals(id) && organizationId == null;
    }

    public boolean mayAct(String permission) {
        return permissions.contains(permission);
    }

    /** The organizations this caller's statements may reach (sql/ reads it as the exchange property organizationScope). */
    public OrganizationScope scope() {
        return new OrganizationScope(organizationId);
    }

    /** Objects of another organization are answered as missing, never as forbidden. */
    public boolean sees(String objectOrganizationId) {
        return organizationId == null || organizationId.equals(objectOrganizationId);
    }
}
