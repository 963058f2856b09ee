package io.odoobackup.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DumpLinesTest {

    private static final String DUMP = String.join("\n",
            "--",
            "-- PostgreSQL database dump",
            "SET client_encoding = 'UTF8';",
            "CREATE TABLE public.res_partner (id integer NOT NULL, name character varying);",
            "ALTER TABLE public.res_partner OWNER TO odoo;",
            "COPY public.res_partner (id, name) FROM stdin;",
            "1\tAcme",
            "2\tCOPY public.fake (id) FROM stdin;",
            "3\t\\\\.",
            "4\t\\.not the end",
            "\\.",
            "",
            "COPY public.\"Odd Table\" FROM stdin;",
            "\\.",
            "",
            "COPY public.ir_attachment (id, db_datas) FROM stdin;",
            "1\t\\\\x" + "ab".repeat(100_000),
            "\\.",
            "SELECT pg_catalog.setval('public.res_partner_id_seq', 4, true);",
            "");

    @Test
    void rowsAreCountedPerTableAndTheBytesPassUnchangedHoweverTheyAreCut() throws Exception {
        byte[] dump = DUMP.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Map<String, Long> tables = new TreeMap<>();
            try (DumpLines lines = new DumpLines(out) {
                @Override
                protected void tableEnded(String table, long rows) {
                    tables.put(table, rows);
                }
            }) {
                for (int i = 0; i < dump.length; ) {
                    int n = Math.min(dump.length - i, round == 0 ? 1 : 1 + random.nextInt(5000));
                    lines.write(dump, i, n);
                    i += n;
                }
            }
            assertThat(out.toByteArray()).isEqualTo(dump);
            assertThat(tables).containsExactly(Map.entry("public.\"Odd Table\"", 0L), Map.entry("public.ir_attachment", 1L),
                    Map.entry("public.res_partner", 4L));
        }
    }

    @Test
    void statementsMayBeRewrittenWhileDataIsNot() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DumpLines lines = new DumpLines(out) {
            @Override
            protected String statement(String text) {
                return text.replace("OWNER TO odoo", "OWNER TO other");
            }
        }) {
            lines.write("ALTER TABLE t OWNER TO odoo;\nCOPY t (a) FROM stdin;\nOWNER TO odoo\n\\.\nALTER TABLE u OWNER TO odoo;"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("ALTER TABLE t OWNER TO other;\nCOPY t (a) FROM stdin;\nOWNER TO odoo\n\\.\nALTER TABLE u OWNER TO other;");
    }
}
