package io.odoobackup.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.odoobackup.api.JsonMapper;
import io.odoobackup.platform.Causes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's side of the events-deliver route: which instance delivers, each row as a CloudEvents 1.0 JSON
 * message (structured mode), and a back-off while the receiver is down, said once per outage.
 */
public final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    /** Timestamps as PostgreSQL's to_jsonb writes them: shown as the API shows them (ISO-8601 UTC, seconds). */
    private static final Pattern PG_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?[+-]\\d\\d:\\d\\d");

    private final ObjectMapper json;
    private final String instanceId;
    private Duration pause = Duration.ZERO;
    private long resumeAt;
    private int failures;

    public EventDelivery(ObjectMapper json, String instanceId) {
        this.json = json;
        this.instanceId = instanceId;
    }

    /** False while the receiver is being waited for after a failure. */
    public synchronized boolean due() {
        return System.nanoTime() - resumeAt >= 0;
    }

    /** Exchange properties for the lease SQL: this instance's id. */
    public void start(Exchange exchange) {
        exchange.setProperty("instanceId", instanceId);
    }

    /** An outbox row as the CloudEvent sent; its id goes along as the message id for receivers that deduplicate. */
    public String cloudEvent(Map<String, Object> row, Exchange exchange) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", row.get("id"));
        event.put("source", "/odoo-backup/" + instanceId);
        event.put("type", row.get("type"));
        event.put("time", row.get("created_at"));
        event.put("subject", row.get("subject"));
        event.put("datacontenttype", "application/json");
        event.put("data", contractTimes((ObjectNode) json.readTree(row.get("data").toString())));
        exchange.getMessage().setHeader("Content-Type", "application/cloudevents+json");
        exchange.getMessage().setHeader("CamelSpringRabbitmqContentType", "application/cloudevents+json");
        exchange.getMessage().setHeader("CamelSpringRabbitmqMessageId", row.get("id"));
        return json.writeValueAsString(event);
    }

    private static ObjectNode contractTimes(ObjectNode data) {
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual() && PG_TIMESTAMP.matcher(field.getValue().asText()).matches()) {
                field.setValue(TextNode.valueOf(JsonMapper.iso(OffsetDateTime.parse(field.getValue().asText()).toInstant())));
            }
        }
        return data;
    }

    /** A batch went out: after an outage, say that delivery is back. */
    public synchronized void delivered(int count) {
        if (failures > 0) {
            LOG.info("Events are delivered again after {} failed attempts ({} sent now)", failures, count);
        }
        failures = 0;
        pause = Duration.ZERO;
    }

    /** The receiver failed: the events stay in the outbox, in order, and the next attempt waits longer. */
    public synchronized void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        pause = pause.isZero() ? FIRST_PAUSE : pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        resumeAt = System.nanoTime() + pause.toNanos();
        if (failures++ == 0) {
            LOG.warn("Events cannot be delivered ({}): they wait in the outbox and are retried, every {} seconds at most;"
                    + " backups and restores go on", Causes.describe(cause), LONGEST_PAUSE.toSeconds());
        }
    }
}
