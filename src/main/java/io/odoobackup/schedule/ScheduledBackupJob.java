package io.odoobackup.schedule;

import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * What a policy's trigger runs, on whichever instance acquired it: the route backup-scheduled, told the time the
 * run was planned for (a trigger that fired late, after no instance ran, still says its planned time).
 */
public final class ScheduledBackupJob implements Job {

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ProducerTemplate routes = (ProducerTemplate) context.getScheduler().getContext().get(BackupSchedules.TEMPLATE);
            String environmentId = context.getMergedJobDataMap().getString(BackupSchedules.ENVIRONMENT);
            routes.sendBodyAndHeaders("direct:backup-scheduled", environmentId,
                    Map.of("plannedAt", context.getScheduledFireTime().toInstant()));
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
