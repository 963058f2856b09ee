package io.odoobackup.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odoobackup.alerts.NotificationChannels.Channel;
import io.odoobackup.platform.Causes;
import io.odoobackup.platform.SqlFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform rule records_unready: the records database does not answer. Alerts live in it, so this one is kept in
 * memory: the platform's channels and rules are remembered from the last evaluation that reached the records, and once
 * the database has not answered for BACKUP_ALERT_RECORDS_UNREADY_SECONDS each of those channels is told once, from here. Every
 * instance that cannot reach the records tells (they cannot agree without them), each message naming its instance.
 * When the database answers again, the outage is recorded as a resolved alert (once, whichever instance comes first)
 * whose resolution goes out through the usual delivery.
 */
public final class RecordsOutage {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsOutage.class);
    private static final String RULE = "records_unready";
    private static final TypeReference<Map<String, Object>> RULES = new TypeReference<>() {
    };
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final NotificationChannels channels;
    private final Notifier notifier;
    private final String instanceId;
    private final Duration after;
    private List<Channel> platformChannels = List.of();
    private boolean enabled = true;
    // the outage under way, as this instance sees it
    private Instant since;
    private String reason;
    private String alertId;
    private final Set<String> told = new HashSet<>();

    public RecordsOutage(ObjectMapper json, NotificationChannels channels, Notifier notifier, String instanceId, Duration after) {
        this.json = json;
        this.channels = channels;
        this.notifier = notifier;
        this.instanceId = instanceId;
        this.after = after;
    }

    /** After the records answered: the platform's channels and its rule, for when they stop answering. */
    synchronized void remember(Connection c) throws SQLException, JsonProcessingException {
        List<Channel> opened = new ArrayList<>();
        Object rule = AlertRules.PLATFORM.get(RULE);
        for (Map<String, Object> row : SqlFiles.query(c, "alert-platform-channels", Map.of())) {
            opened.add(channels.open(row));
            if (row.get("platform_rules") != null) {
                rule = json.readValue(row.get("platform_rules").toString(), RULES).getOrDefault(RULE, rule);
            }
        }
        platformChannels = List.copyOf(opened);
        enabled = Boolean.TRUE.equals(rule);
    }

    /** An attempt that began at {@code attempted} could not reach the records: tell, once that has lasted long enough. */
    synchronized void unreachable(Instant attempted, Throwable failure) {
        if (since == null) {
            since = attempted;
            reason = Causes.deepest(failure).getMessage();
            alertId = UUID.randomUUID().toString();
        }
        if (!lastedLongEnough()) {
            return;
        }
        for (Channel channel : platformChannels) {
            if (told.contains(channel.id())) {
                continue;
            }
            try {
                notifier.send(channel, alert("open", null), false);
                told.add(channel.id());
                LOG.warn("Alert {} opened ({}): the records database does not answer; told channel {} ({})", alertId, RULE,
                        channel.name(), channel.id());
            } catch (Notifier.Failed e) {
                LOG.warn("Alert {} ({}): channel {} ({}) did not take it: {}; trying again in a moment", alertId, RULE,
                        channel.name(), channel.id(), e.getMessage());
            }
        }
    }

    /**
     * The records answer again (in the evaluation's transaction, its lock held): an outage that lasted long enough is
     * recorded as a resolved alert, its resolution queued for the platform's channels.
     */
    synchronized void reachable(Connection c) throws SQLException, JsonProcessingException {
        if (since == null) {
            return;
        }
        if (lastedLongEnough()) {
            ObjectNode alert = alert("resolved", Instant.now());
            Map<String, Object> params = new HashMap<>();
            params.put("id", alertId);
            params.put("since", since.toString());
            params.put("summary", alert.get("summary").asText());
            params.put("details", json.writeValueAsString(alert.get("details")));
            SqlFiles.query(c, "alert-records-recovered", params);
            LOG.info("Alert {} resolved ({}): the records database answers again", alertId, RULE);
        }
        since = null;
        reason = null;
        alertId = null;
        told.clear();
    }

    private boolean lastedLongEnough() {
        return enabled && Duration.between(since, Instant.now()).compareTo(after) >= 0;
    }

    private ObjectNode alert(String status, Instant resolved) {
        ObjectNode alert = json.createObjectNode();
        alert.put("id", alertId);
        alert.put("rule", RULE);
        alert.put("organization_id", "platform");
        alert.putNull("environment_id");
        alert.put("subject", "records");
        alert.put("status", status);
        alert.put("opened_at", since.toString());
        alert.put("resolved_at", resolved == null ? null : resolved.toString());
        alert.put("summary", resolved == null
                ? "The records database has not answered since " + UTC.format(since) + " UTC (instance " + instanceId
                  + "): backups, restores, schedules and the API wait for it"
                : "The records database did not answer from " + UTC.format(since) + " to " + UTC.format(resolved) + " UTC");
        ObjectNode details = alert.putObject("details");
        details.put("since", since.toString());
        details.put("reason", reason);
        details.put("instance", instanceId);
        details.put("what_to_do", "Check the PostgreSQL server of BACKUP_DB_URL (running? reachable from the service? its disk"
                + " full?) and the service's log; work that failed meanwhile is in GET /api/v1/alerts once it answers");
        return alert;
    }
}
