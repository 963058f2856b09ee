package io.odoobackup.platform;

import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * The backup or restore a log line is about, in the MDC (backup_id, environment_id, restore_id): JSON logs carry them
 * as fields, and Camel's MDC logging (camel.main.mdc-logging-keys-pattern) hands them to the threads a stage starts.
 * What was there before (a restore around its pre-restore backup) comes back when the stage's exchange leaves.
 */
public final class LogContext {

    private static final String BEFORE = "logContextBefore";

    public void backup(String backupId, String environmentId, Exchange exchange) {
        remember(exchange);
        MDC.put("backup_id", backupId);
        MDC.put("environment_id", environmentId);
    }

    public void restore(String restoreId, String backupId, String targetEnvironmentId, Exchange exchange) {
        remember(exchange);
        MDC.put("restore_id", restoreId);
        MDC.put("backup_id", backupId);
        MDC.put("environment_id", targetEnvironmentId);
    }

    @SuppressWarnings("unchecked")
    public void leave(Exchange exchange) {
        Map<String, String> before = exchange.getProperty(BEFORE, Map.class);
        MDC.remove("backup_id");
        MDC.remove("environment_id");
        MDC.remove("restore_id");
        if (before != null) {
            before.forEach(MDC::put);
        }
    }

    private static void remember(Exchange exchange) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (before != null) {
            before.keySet().retainAll(java.util.Set.of("backup_id", "environment_id", "restore_id"));
            exchange.setProperty(BEFORE, before);
        }
    }
}
