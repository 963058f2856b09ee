package io.odoobackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlOwnersTest {

    private static final String DUMP = String.join("\n",
            "ALTER TABLE public.res_partner OWNER TO odoo;",
            "ALTER SEQUENCE public.res_partner_id_seq OWNER TO \"odoo\";",
            "ALTER TABLE public.other OWNER TO odoo_reporting;",
            "GRANT SELECT ON TABLE public.res_partner TO odoo;",
            "REVOKE ALL ON SCHEMA public FROM odoo;",
            "ALTER DEFAULT PRIVILEGES FOR ROLE odoo IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;",
            "COPY public.res_partner (id, comment) FROM stdin;",
            "1\tALTER TABLE x OWNER TO odoo;",
            "\\.",
            "");

    private static String through(java.util.function.Function<ByteArrayOutputStream, SqlOwners> filter) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SqlOwners owners = filter.apply(out)) {
            owners.write(DUMP.getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSourceRoleBecomesTheTargetRoleOutsideTableData() throws Exception {
        assertThat(through(out -> SqlOwners.mapped(out, "odoo", "odoo_b"))).isEqualTo(String.join("\n",
                "ALTER TABLE public.res_partner OWNER TO \"odoo_b\";",
                "ALTER SEQUENCE public.res_partner_id_seq OWNER TO \"odoo_b\";",
                "ALTER TABLE public.other OWNER TO odoo_reporting;",
                "GRANT SELECT ON TABLE public.res_partner TO \"odoo_b\";",
                "REVOKE ALL ON SCHEMA public FROM \"odoo_b\";",
                "ALTER DEFAULT PRIVILEGES FOR ROLE \"odoo_b\" IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;",
                "COPY public.res_partner (id, comment) FROM stdin;",
                "1\tALTER TABLE x OWNER TO odoo;",
                "\\.",
                ""));
    }

    @Test
    void withoutOwnersEveryOwnerStatementGoesAsWithNoOwner() throws Exception {
        String out = through(SqlOwners::withoutOwners);
        assertThat(out).doesNotContain("OWNER TO odoo;\nALTER").contains("GRANT SELECT ON TABLE public.res_partner TO odoo;")
                .contains("1\tALTER TABLE x OWNER TO odoo;");
        assertThat(out.lines().filter(l -> l.contains("OWNER TO")).toList()).containsExactly("1\tALTER TABLE x OWNER TO odoo;");
    }
}
