package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.ExchangeAuth;
import io.odoobackup.api.JsonContent;
import io.odoobackup.api.NotFound;
import io.odoobackup.api.PathIds;
import io.odoobackup.api.ProblemResponder;
import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.BackupRecords;
import io.odoobackup.backup.Leases;
import io.odoobackup.backup.UploadRetries;
import io.odoobackup.backup.VerificationFailed;
import io.odoobackup.events.EventDelivery;
import io.odoobackup.events.TriggerMessages;
import io.odoobackup.platform.Stalls;
import io.odoobackup.security.BearerAuth;
import io.odoobackup.security.OrganizationScope;
import io.odoobackup.storage.StorageFailed;
import io.odoobackup.work.WorkDispatcher;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The routing itself, in seconds and without Docker or PostgreSQL: the service's own route files with their route
 * configurations, its own beans, and every SQL statement replaced by a mock (AdviceWith) that records the call and
 * finds nothing. What it holds: the API answers failures as problem JSON and checks path ids before any step; a
 * sub-route's failure reaches a caller that is not the API; uploads are tried again only for storage and verification
 * failures, and not once a stop has cut the work off; a trigger message that cannot be carried out, for whatever
 * reason and however deep, is one rejected event.
 */
class RoutingTest extends CamelMainTestSupport {

    private static final String ADMIN = "routing-test-admin-token-0123456789";
    /** As routing/routing-test.properties sets backup.upload.retries. */
    private static final int RETRIES = 2;

    private final ObjectMapper json = new ObjectMapper();
    private final Probe probe = new Probe();
    private final Stalls stalls = new Stalls(Duration.ofSeconds(30));
    private WorkDispatcher workDispatcher;

    /** The bean the probe routes call: it counts its calls and throws what it is told to. */
    public static final class Probe {
        final AtomicInteger calls = new AtomicInteger();
        volatile Exception failure;

        public void call() throws Exception {
            calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:routes/configurations.yaml,classpath:routes/events.yaml,"
                + "classpath:routes/environments.yaml,classpath:routes/backups.yaml,classpath:routing/probes.yaml");
        // the routes under test; the files' other routes are not created (their beans are not bound)
        configuration.withRouteFilterIncludePattern("trigger-*,backup-start,environment-load,events-deliver,probe-*");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return "classpath:routing/routing-test.properties";
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        // the records are never reached: every SQL endpoint is advised away below
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        Leases leases = new Leases(nowhere, "routing-test", 60);
        workDispatcher = new WorkDispatcher(context, nowhere, leases, stalls, 1, 1);
        registry.bind("dataSource", nowhere);
        registry.bind("probe", probe);
        registry.bind("pathIds", new PathIds());
        registry.bind("jsonContent", new JsonContent());
        registry.bind("problems", new ProblemResponder(json));
        registry.bind("uploadRetries", new UploadRetries(RETRIES));
        registry.bind("workDispatcher", workDispatcher);
        registry.bind("leases", leases);
        registry.bind("eventDelivery", new EventDelivery(json, "routing-test"));
        registry.bind("triggerMessages", new TriggerMessages(json));
        registry.bind("auth", new ExchangeAuth(new BearerAuth(ADMIN, null)));
        registry.bind("backupRecords", new BackupRecords(json, null, null, Clock.systemUTC(), leases));
    }

    /**
     * Every SQL statement goes to a mock named after its file instead of the records, and finds nothing (an empty
     * body); the event poller stays off.
     */
    private void start() throws Exception {
        for (String routeId : context.getRouteDefinitions().stream().map(route -> route.getRouteId()).toList()) {
            AdviceWith.adviceWith(context, routeId, advice -> advice.interceptSendToEndpoint("sql:*")
                    .skipSendToOriginalEndpoint().process(exchange -> {
                        String uri = exchange.getProperty(Exchange.INTERCEPTED_ENDPOINT, String.class);
                        String statement = statement(uri == null ? exchange.getMessage().getHeader(Exchange.INTERCEPTED_ENDPOINT, String.class) : uri);
                        template.send("mock:" + statement, exchange.copy());
                        exchange.getMessage().setBody(null);
                    }));
        }
        AdviceWith.adviceWith(context, "events-deliver", advice -> advice.replaceFromWith("direct:events-deliver-off"));
        context.start();
    }

    private static String statement(String uri) {
        String file = uri == null ? "?" : uri.replaceFirst("^sql:(//)?classpath:sql/", "");
        return file.contains("?") ? file.substring(0, file.indexOf('?')) : file;
    }

    @Test
    void aTriggerForAnUnknownEnvironmentIsOneRejectedEvent() throws Exception {
        start(); // environment-get.sql finds no row
        MockEndpoint rejected = getMockEndpoint("mock:event-rejected.sql");
        rejected.expectedMessageCount(1);
        NotifyBuilder done = new NotifyBuilder(context).from("direct:trigger").whenCompleted(1).create();
        template.sendBody("direct:trigger", "{\"action\":\"backup\",\"token\":\"" + ADMIN + "\",\"environment_id\":\"env-unknown\","
                + "\"correlation_id\":\"c-1\"}");
        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        rejected.assertIsSatisfied();
        getMockEndpoint("mock:environment-get.sql").expectedMessageCount(1);
        getMockEndpoint("mock:environment-get.sql").assertIsSatisfied();
        // the lookup ran within the token's scope (the admin's: every organization), set by the auth step
        assertThat(getMockEndpoint("mock:environment-get.sql").getReceivedExchanges().get(0)
                .getProperty("organizationScope", OrganizationScope.class)).isEqualTo(new OrganizationScope(null));
        @SuppressWarnings("unchecked")
        Map<String, Object> event = rejected.getReceivedExchanges().get(0).getMessage().getBody(Map.class);
        assertThat(event.get("subject")).isEqualTo("c-1");
        JsonNode data = json.readTree((String) event.get("data"));
        assertThat(data.get("status").asInt()).isEqualTo(404);
        assertThat(data.get("detail").asText()).isEqualTo("Environment env-unknown does not exist");
        assertThat(data.get("environment_id").asText()).isEqualTo("env-unknown");
        getMockEndpoint("mock:backup-insert.sql").expectedMessageCount(0);
        getMockEndpoint("mock:backup-insert.sql").assertIsSatisfied();
    }

    @Test
    void aTriggerThatIsNotJsonOrLacksItsActionIsRejectedBeforeAnythingIsRead() throws Exception {
        start();
        MockEndpoint rejected = getMockEndpoint("mock:event-rejected.sql");
        rejected.expectedMessageCount(2);
        template.sendBody("direct:trigger", "not json");
        template.sendBody("direct:trigger", "{\"token\":\"" + ADMIN + "\",\"environment_id\":\"env-a\"}");
        rejected.assertIsSatisfied();
        JsonNode first = json.readTree((String) rejected.getReceivedExchanges().get(0).getMessage().getBody(Map.class).get("data"));
        JsonNode second = json.readTree((String) rejected.getReceivedExchanges().get(1).getMessage().getBody(Map.class).get("data"));
        assertThat(first.get("status").asInt()).isEqualTo(400);
        assertThat(second.get("detail").asText()).isEqualTo("Field 'action' is required as text");
        assertThat(second.toString()).doesNotContain(ADMIN);
        getMockEndpoint("mock:environment-get.sql").expectedMessageCount(0);
        getMockEndpoint("mock:environment-get.sql").assertIsSatisfied();
    }

    @Test
    void theApiAnswersAFailureAsProblemJsonAndAMalformedIdBeforeAnyStep() throws Exception {
        start();
        probe.failure = new NotFound("Backup b-1 does not exist");
        Exchange answered = template.request("direct:probe-api", exchange -> { });
        assertThat(answered.getException()).isNull();
        assertThat(answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(404);
        assertThat(answered.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).isEqualTo("application/problem+json");
        assertThat(json.readTree(answered.getMessage().getBody(String.class)).get("detail").asText()).isEqualTo("Backup b-1 does not exist");
        assertThat(probe.calls).hasValue(1);

        probe.failure = null;
        Exchange malformed = template.request("direct:probe-api", exchange -> exchange.getMessage().setHeader("id", "../../etc"));
        assertThat(malformed.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(404);
        assertThat(probe.calls).as("no step ran").hasValue(1);
    }

    @Test
    void aSubRoutesFailureReachesACallerThatIsNotTheApi() throws Exception {
        start();
        probe.failure = new BackupFailure("pg_dump failed");
        getMockEndpoint("mock:after-the-failure").expectedMessageCount(0);
        MockEndpoint caught = getMockEndpoint("mock:caller-caught");
        caught.expectedMessageCount(1);
        template.send("direct:probe-caller", exchange -> { });
        caught.assertIsSatisfied();
        assertThat(caught.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                .isInstanceOf(BackupFailure.class);
        getMockEndpoint("mock:after-the-failure").assertIsSatisfied();
    }

    @Test
    void uploadsAreTriedAgainOnlyForStorageAndVerificationFailures() throws Exception {
        start();
        // in this order, each with an exception of its own
        attempts(new StorageFailed("cannot connect", null), RETRIES + 1);
        attempts(new VerificationFailed("the stored object is 10 bytes short"), RETRIES + 1);
        attempts(new BackupFailure("pg_dump failed"), 1);
        workDispatcher.cutOff(Duration.ZERO);
        probe.calls.set(0);
        probe.failure = new StorageFailed("cut off by the service's stop", null);
        template.send("direct:probe-upload", exchange -> { });
        assertThat(probe.calls).as("after a stop's cut, no other attempt").hasValue(1);
    }

    /**
     * A getter the routes call by name (${bean:x?method=isCut}) must be the only method of its property's name: Camel's
     * bean binding otherwise finds two (isCut and a cut(Duration)) and, in whichever order reflection lists them,
     * may answer null, which turned the upload retries off in a JVM that listed them the other way round.
     */
    @Test
    void theGettersRoutesCallByNameAreUnambiguous() throws Exception {
        Pattern call = Pattern.compile("bean:([a-zA-Z]+)\\?method=(?:is|get)([A-Z][a-zA-Z]*)");
        int checked = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".sql")).toList()) {
                for (Matcher m = call.matcher(Files.readString(file)); m.find(); ) {
                    Object bean = context.getRegistry().lookupByName(m.group(1));
                    assertThat(bean).as(m.group(0) + " in " + file).isNotNull();
                    String property = Character.toLowerCase(m.group(2).charAt(0)) + m.group(2).substring(1);
                    assertThat(Arrays.stream(bean.getClass().getMethods()).map(Method::getName))
                            .as(m.group(0) + " in " + file + ": a method named as its property").doesNotContain(property);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
        Exchange exchange = new DefaultExchange(context);
        assertThat(context.resolveLanguage("simple").createExpression("${bean:workDispatcher?method=isCut}")
                .evaluate(exchange, Object.class)).isEqualTo(false);
        assertThat(exchange.getException()).isNull();
    }

    /** Sends one upload whose every attempt fails so: the failure comes back unhandled after this many attempts. */
    private void attempts(Exception failure, int expected) {
        probe.calls.set(0);
        probe.failure = failure;
        Exchange sent = template.send("direct:probe-upload", exchange -> { });
        assertThat(sent.getException()).as("not handled").isSameAs(failure);
        assertThat(probe.calls).as(failure.getClass().getSimpleName() + " (redelivered " + sent.getMessage().getHeader(
                Exchange.REDELIVERY_COUNTER) + " of " + sent.getMessage().getHeader(Exchange.REDELIVERY_MAX_COUNTER) + ", cut: "
                + workDispatcher.isCut() + ")").hasValue(expected);
    }
}
