package io.odoobackup.restore;

import io.odoobackup.backup.DumpLines;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain dump on its way into another database, with the role that owned its objects replaced: owners,
 * grants and default privileges of {@code from} go to {@code to}; or, with {@code to} null, ownership is left out
 * as {@code pg_dump --no-owner} leaves it. Table data passes untouched.
 */
final class SqlOwners extends DumpLines {

    private final Pattern owner;
    private final Pattern grantee;
    private final String to;

    SqlOwners(OutputStream out, String from, String to) {
        super(out);
        String role = "(\"" + Pattern.quote(from) + "\"|" + Pattern.quote(from) + ")";
        this.owner = Pattern.compile("^(ALTER .* OWNER TO )" + role + ";$");
        this.grantee = Pattern.compile("^((?:GRANT .* TO |REVOKE .* FROM |ALTER DEFAULT PRIVILEGES FOR ROLE ))" + role + "(\\b.*)$");
        this.to = to == null ? null : "\"" + to.replace("\"", "\"\"") + "\"";
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
