package io.odoobackup.security;

/**
 * The organizations whose records a request may read or change: the statements under sql/ filter on this, the
 * exchange property {@code organizationScope}, and on nothing else the exchange happens to carry. Only the
 * authentication step sets it, from the caller's {@link Principal}. The statements read it as
 * {@code CAST(every AS boolean) OR organization_id = organizationId}. An exchange without a scope therefore matches
 * no row: work that forgot to say whose it is sees nothing, rather than everything.
 */
public record OrganizationScope(String organizationId) {

    /** Every organization, said so: for the service's own reads of what a scoped read already let through. */
    public static final OrganizationScope EVERY = new OrganizationScope(null);

    /** Every organization: the admin token and the policy. */
    public boolean every() {
        return organizationId == null;
    }
}
