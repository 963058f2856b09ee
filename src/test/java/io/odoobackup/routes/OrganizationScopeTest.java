package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The statements under sql/ filter on the caller's organization through one parameter, the exchange property
 * organizationScope, in a form that matches nothing when it is missing: never through the principal, and never with a
 * "null means every organization" test that an exchange without a caller would pass.
 */
class OrganizationScopeTest {

    private static final String EVERY = "CAST(:#${exchangeProperty.organizationScope.every} AS boolean)";
    private static final String ORGANIZATION = "organization_id = :#${exchangeProperty.organizationScope.organizationId}";
    /**
     * "property IS NULL OR organization_id = property": a missing organization that reads as every organization. (A
     * query's optional filter, ?organization_id= as a header, is ANDed with the scope and may read so.)
     */
    private static final Pattern NULL_MEANS_EVERY = Pattern.compile(
            ":#(\\$\\{exchangeProperty\\.[A-Za-z.]+\\}|[a-z_]+) AS varchar\\) IS NULL\\s+OR\\s+[a-z_.]*organization_id\\s*=");

    @Test
    void statementsReadTheScopeOnlyInItsFailClosedForm() throws IOException {
        Map<String, String> statements = statements();
        assertThat(statements).isNotEmpty();
        Set<String> scoped = new TreeSet<>();
        statements.forEach((name, text) -> {
            assertThat(text).as(name + " reads the caller's organization from the principal").doesNotContain("principal.organizationId");
            assertThat(NULL_MEANS_EVERY.matcher(text).find()).as(name + " lets a null organization see every one").isFalse();
            if (text.contains("organizationScope")) {
                scoped.add(name);
                assertThat(text).as(name).contains(EVERY).contains(ORGANIZATION);
                assertThat(text.replace(EVERY, "").replace(ORGANIZATION, "")).as(name + " reads the scope otherwise")
                        .doesNotContain("organizationScope");
            }
        });
        // the lookups by id that routes run for a caller: an id of another organization finds nothing
        assertThat(scoped).contains("backup-get.sql", "environment-get.sql", "restore-get.sql", "task-get.sql",
                "storage-config-get.sql", "environment-list.sql", "token-list.sql", "token-revoke.sql", "alert-list.sql");
    }

    @Test
    void anExchangeWithoutAScopeGivesTheStatementsNullsWhichMatchNoRow() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            Exchange forgotten = new DefaultExchange(camel);
            assertThat(evaluate(camel, forgotten, "every")).isNull();
            assertThat(evaluate(camel, forgotten, "organizationId")).isNull();

            Exchange tenant = new DefaultExchange(camel);
            tenant.setProperty("organizationScope", new Principal("t1", "org-a", Set.of()).scope());
            assertThat(evaluate(camel, tenant, "every")).isEqualTo(false);
            assertThat(evaluate(camel, tenant, "organizationId")).isEqualTo("org-a");

            Exchange policy = new DefaultExchange(camel);
            policy.setProperty("organizationScope", BearerAuth.policy().scope());
            assertThat(evaluate(camel, policy, "every")).isEqualTo(true);
            Exchange accepted = new DefaultExchange(camel);
            accepted.setProperty("organizationScope", BearerAuth.accepted("t1", "org-a").scope());
            assertThat(evaluate(camel, accepted, "every")).isEqualTo(false);
        }
    }

    private static Object evaluate(CamelContext camel, Exchange exchange, String field) {
        return camel.resolveLanguage("simple").createExpression("${exchangeProperty.organizationScope." + field + "}")
                .evaluate(exchange, Object.class);
    }

    private static Map<String, String> statements() throws IOException {
        Map<String, String> statements = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                statements.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return statements;
    }
}
