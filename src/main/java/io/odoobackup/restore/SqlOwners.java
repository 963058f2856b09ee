package io.odoobackup.restore;

import io.odoobackup.backup.DumpLines;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain dump on its way into another database, with the role that owned its objects replaced ({@link #mapped}),
 * or with ownership left out as {@code pg_dump --no-owner} leaves it ({@link #withoutOwners}). Table data passes
 * untouched.
 */
final class SqlOwners extends DumpLines {

    private final Pattern owner;
    private final Pattern grantee;
    private final String to;

    /** Owners, grants and default privileges of role {@code from} given to role {@code to}. */
    static SqlOwners mapped(OutputStream out, String from, String to) {
        return new SqlOwners(out, "(\"" + Pattern.quote(from) + "\"|" + Pattern.quote(from) + ")", "\"" + to.replace("\"", "\"\"") + "\"",
                Long.MAX_VALUE);
    }

    /** A statement line of a dump read before its checksum is known (an export) is bounded; table data is not held. */
    private static final long EXPORT_STATEMENT_LIMIT = 64L << 20;

    private SqlOwners(OutputStream out, String role, String to, long maxStatement) {
        super(out, maxStatement);
        this.owner = Pattern.compile("^(ALTER .* OWNER TO )" + role + ";$");
        this.grantee = Pattern.compile("^((?:GRANT .* TO |REVOKE .* FROM |ALTER DEFAULT PRIVILEGES FOR ROLE ))" + role + "(\\b.*)$");
        this.to = to;
    }

    /** Every owner statement left out, whatever the role, as pg_dump --no-owner leaves them out. */
    static SqlOwners withoutOwners(OutputStream out) {
        return new SqlOwners(out, "(.+)", null, EXPORT_STATEMENT_LIMIT);
    }

    @Override
    protected String statement(String text) {
        Matcher alter = owner.matcher(text);
        if (alter.matches()) {
            return to == null ? "" : alter.group(1) + to + ";";
        }
        Matcher grant = grantee.matcher(text);
        if (grant.matches() && to != null) {
            return grant.group(1) + to + grant.group(3);
        }
        return text;
    }
}
