package io.odoobackup.schedule;

import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

import io.odoobackup.platform.Sha256;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Keeps each enabled policy's cron trigger in the clustered Quartz store, changed the moment the policy is
 * saved. The scheduler is camel-quartz's, used directly: a camel-quartz route exists only on the instance
 * that created it, while a trigger in the shared store must be able to fire on any instance. Each environment's
 * trigger fires at its planned time: the policy's time plus an offset inside the window, the same every day and
 * derived from the environment's id, so that environments sharing a time spread over the window instead of all
 * starting at once.
 */
public final class BackupSchedules {

    static final String TEMPLATE = "odooBackupProducerTemplate";
    static final String ENVIRONMENT = "environmentId";
    private static final String GROUP = "backup-policies";

    private final CamelContext camel;

    public BackupSchedules(CamelContext camel) {
        this.camel = camel;
    }

    /** Lets jobs fired on this instance reach its routes (the scheduler context is per instance). */
    public void register() throws SchedulerException {
        ProducerTemplate routes = camel.createProducerTemplate();
        scheduler().getContext().put(TEMPLATE, routes);
    }

    /** Adds, changes or removes the trigger of a saved policy row. */
    public void apply(Map<String, Object> policy) throws SchedulerException {
        String environmentId = (String) policy.get("environment_id");
        if (!Boolean.TRUE.equals(policy.get("enabled"))) {
            remove(environmentId);
            return;
        }
        String[] time = ((String) policy.get("schedule_time")).split(":");
        int planned = (Integer.parseInt(time[0]) * 3600 + Integer.parseInt(time[1]) * 60
                + offsetSeconds(environmentId, window(policy))) % 86_400;
        JobDetail job = newJob(ScheduledBackupJob.class).withIdentity(jobKey(environmentId))
                .usingJobData(ENVIRONMENT, environmentId).storeDurably().build();
        // a time missed while no instance ran (a misfire) runs once when one is back: late, not skipped
        Trigger trigger = newTrigger().withIdentity(triggerKey(environmentId)).forJob(job)
                .withSchedule(cronSchedule(planned % 60 + " " + planned / 60 % 60 + " " + planned / 3600 + " * * ?")
                        .inTimeZone(TimeZone.getTimeZone((String) policy.get("timezone")))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler().scheduleJob(job, Set.of(trigger), true);
    }

    public void remove(String environmentId) throws SchedulerException {
        scheduler().deleteJob(jobKey(environmentId));
    }

    /**
     * The policy row as the API shows it: with {@code next_run_at} (the trigger's next planned time, null while
     * disabled) and {@code last_run} (the last planned run: when, its backup, and whether it was queued, started on
     * time, late or missed, and why).
     */
    public Map<String, Object> view(Map<String, Object> policy) throws SchedulerException {
        Map<String, Object> view = new LinkedHashMap<>(policy);
        Trigger trigger = scheduler().getTrigger(triggerKey((String) policy.get("environment_id")));
        Date next = trigger == null || !Boolean.TRUE.equals(policy.get("enabled")) ? null : trigger.getNextFireTime();
        view.put("next_run_at", next == null ? null : next.toInstant().toString());
        Object planned = view.remove("last_planned_at");
        Object outcome = view.remove("last_outcome");
        Object reason = view.remove("last_outcome_reason");
        Object backupId = view.remove("last_backup_id");
        Map<String, Object> last = null;
        if (planned != null) {
            last = new LinkedHashMap<>();
            last.put("planned_at", ((Timestamp) planned).toInstant().toString());
            last.put("outcome", outcome);
            last.put("reason", reason);
            last.put("backup_id", backupId);
        }
        view.put("last_run", last);
        return view;
    }

    /** When the window of the run planned at {@code plannedAt} ends: a backup that starts later is late. */
    public static Instant windowEnd(Map<String, Object> policy, Instant plannedAt) {
        String environmentId = (String) policy.get("environment_id");
        return plannedAt.minusSeconds(offsetSeconds(environmentId, window(policy))).plusSeconds(window(policy) * 60L);
    }

    /** Where in the window the environment's backup is planned: the same every day, spread evenly over environments. */
    static int offsetSeconds(String environmentId, int windowMinutes) {
        byte[] digest = Sha256.digest().digest(environmentId.getBytes(StandardCharsets.UTF_8));
        int bits = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        return Math.floorMod(bits, windowMinutes * 60);
    }

    private static int window(Map<String, Object> policy) {
        Object minutes = policy.get("schedule_window_minutes");
        return minutes == null ? 60 : ((Number) minutes).intValue();
    }

    private Scheduler scheduler() {
        return camel.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    static JobKey jobKey(String environmentId) {
        return JobKey.jobKey(environmentId, GROUP);
    }

    static TriggerKey triggerKey(String environmentId) {
        return TriggerKey.triggerKey(environmentId, GROUP);
    }
}
