package io.odoobackup.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.odoobackup.alerts.NotificationChannels.Channel;
import io.odoobackup.platform.SqlFiles;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts (docs/api.md §13): the conditions that hold now are read from the records and compared with the open alerts
 * in one statement (an alert opens once when its condition starts, resolves once when it ends; each change queued
 * for every channel of its organization and written as an event); then the queued messages are sent, oldest first,
 * each retried with back-off until accepted. One instance at a time does each (a transaction-scoped advisory lock), so
 * a change is queued once; a message is marked sent in the transaction that sent it, so a restart sends what was not.
 */
public final class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    /** A message not accepted for two days is given up (the alert stays in GET /alerts). */
    private static final int GIVE_UP_AFTER = 60;

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final NotificationChannels channels;
    private final Notifier notifier;
    private final RecordsOutage outage;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();

    public Alerts(DataSource dataSource, ObjectMapper json, NotificationChannels channels, Notifier notifier, RecordsOutage outage,
                  MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.json = json;
        this.channels = channels;
        this.notifier = notifier;
        this.outage = outage;
        this.metrics = metrics;
    }

    /**
     * Opens and resolves alerts as the records say now; the number of changes (0 when another instance is at it). A
     * records database that does not answer is the one alert said from memory (RecordsOutage).
     */
    public int evaluate() throws Exception {
        List<Map<String, Object>> changes;
        Instant attempted = Instant.now();
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            outage.unreachable(attempted, e);
            throw e;
        }
        try (Connection c = connection) {
            outage.remember(c);
            c.setAutoCommit(false);
            try {
                if (!held(c, "alert evaluation")) {
                    c.rollback();
                    return 0;
                }
                outage.reachable(c);
                List<Map<String, Object>> conditions = SqlFiles.query(c, "alert-conditions", Map.of(
                        "defaults", json.writeValueAsString(AlertRules.DEFAULTS), "platform", json.writeValueAsString(AlertRules.PLATFORM)));
                changes = SqlFiles.query(c, "alert-apply", Map.of("conditions", json.writeValueAsString(conditions)));
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
            count(c);
        }
        for (Map<String, Object> change : changes) {
            LOG.warn("Alert {} {} ({}, {} {})", change.get("id"), change.get("transition"), change.get("rule"),
                    change.get("organization_id"), change.get("subject"));
        }
        return changes.size();
    }

    /**
     * Sends the queued messages that are due, oldest first; a channel that fails waits, the others go on. Each message's
     * outcome is written as soon as it is known: a crash then sends again at most the one under way.
     */
    public void deliver() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            if (!Boolean.TRUE.equals(SqlFiles.query(c, "alert-delivery-lock", Map.of()).get(0).get("held"))) {
                return; // another instance delivers
            }
            try {
                Set<String> failing = new HashSet<>();
                for (Map<String, Object> due : SqlFiles.query(c, "alert-deliveries-due", Map.of())) {
                    String channelId = (String) due.get("channel_id");
                    if (failing.contains(channelId)) {
                        continue; // in order per channel: what follows a failed message waits for it
                    }
                    Channel channel = channels.open(due);
                    JsonNode alert = json.readTree(due.get("alert").toString());
                    int attempts = ((Number) due.get("attempts")).intValue();
                    try {
                        String answer = notifier.send(channel, alert, false);
                        SqlFiles.update(c, "alert-delivery-sent", Map.of("seq", due.get("seq")));
                        LOG.info("Alert {} {}: sent to channel {} ({}): {}", alert.path("id").asText(), due.get("transition"),
                                channel.name(), channelId, answer);
                    } catch (Notifier.Failed e) {
                        failing.add(channelId);
                        boolean giveUp = attempts + 1 >= GIVE_UP_AFTER;
                        Map<String, Object> failure = new HashMap<>();
                        failure.put("seq", due.get("seq"));
                        failure.put("error", e.getMessage());
                        failure.put("give_up", giveUp);
                        failure.put("retry_seconds", Math.min(3600, 1 << Math.min(attempts + 1, 12)));
                        SqlFiles.update(c, "alert-delivery-failed", failure);
                        LOG.warn("Alert {} {}: channel {} ({}) did not take it: {}{}", alert.path("id").asText(), due.get("transition"),
                                channel.name(), channelId, e.getMessage(), giveUp ? "; given up" : "; trying again later");
                    }
                }
            } finally {
                SqlFiles.query(c, "alert-delivery-unlock", Map.of());
            }
        }
    }

    /** POST .../{id}/test: a test message through the channel of the row, now; what its server said. */
    public Map<String, Object> test(Map<String, Object> row) throws Exception {
        Channel channel = channels.open(row);
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            answer.put("success", true);
            answer.put("message", notifier.send(channel, json.createObjectNode(), true));
        } catch (Notifier.Failed e) {
            answer.put("success", false);
            answer.put("message", e.getMessage());
        }
        return answer;
    }

    private static boolean held(Connection c, String purpose) throws SQLException {
        return Boolean.TRUE.equals(SqlFiles.query(c, "alert-lock", Map.of("purpose", purpose)).get(0).get("held"));
    }

    /** odoo_backup_alerts_open{rule}: the open alerts of each rule. */
    private void count(Connection c) throws SQLException {
        Map<String, Long> now = new HashMap<>();
        for (Map<String, Object> row : SqlFiles.query(c, "alert-open-counts", Map.of())) {
            now.put((String) row.get("rule"), ((Number) row.get("open")).longValue());
        }
        for (String rule : allRules()) {
            open.computeIfAbsent(rule, r -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("odoo.backup.alerts.open", value, AtomicLong::get).description("Open alerts").tag("rule", r).register(metrics);
                return value;
            }).set(now.getOrDefault(rule, 0L));
        }
    }

    private static Set<String> allRules() {
        Set<String> rules = new TreeSet<>(AlertRules.DEFAULTS.keySet());
        rules.addAll(AlertRules.PLATFORM.keySet());
        return rules;
    }
}
