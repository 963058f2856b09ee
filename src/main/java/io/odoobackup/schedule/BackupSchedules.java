package io.odoobackup.schedule;

import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.apache.camel.CamelContext;
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
 * that created it, while a trigger in the shared store must be able to fire on any instance.
 */
public final class BackupSchedules {

    static final String CAMEL = "odooBackupCamelContext";
    static final String ENVIRONMENT = "environmentId";
    private static final String GROUP = "backup-policies";

    private final CamelContext camel;

    public BackupSchedules(CamelContext camel) {
        this.camel = camel;
    }

    /** Lets jobs fired on this instance reach its CamelContext (the scheduler context is per instance). */
    public void register() throws SchedulerException {
        scheduler().getContext().put(CAMEL, camel);
    }

    /** Adds, changes or removes the trigger of a saved policy row. */
    public void apply(Map<String, Object> policy) throws SchedulerException {
        String environmentId = (String) policy.get("environment_id");
        if (!Boolean.TRUE.equals(policy.get("enabled"))) {
            remove(environmentId);
            return;
        }
        String[] time = ((String) policy.get("schedule_time")).split(":");
        JobDetail job = newJob(ScheduledBackupJob.class).withIdentity(jobKey(environmentId))
                .usingJobData(ENVIRONMENT, environmentId).storeDurably().build();
        // a time missed while no instance ran (a misfire) runs once when one is back
        Trigger trigger = newTrigger().withIdentity(triggerKey(environmentId)).forJob(job)
                .withSchedule(cronSchedule("0 " + Integer.parseInt(time[1]) + " " + Integer.parseInt(time[0]) + " * * ?")
                        .inTimeZone(TimeZone.getTimeZone((String) policy.get("timezone")))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler().scheduleJob(job, Set.of(trigger), true);
    }

    public void remove(String environmentId) throws SchedulerException {
        scheduler().deleteJob(jobKey(environmentId));
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
