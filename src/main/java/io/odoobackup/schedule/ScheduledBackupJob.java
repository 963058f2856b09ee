package io.odoobackup.schedule;

import org.apache.camel.CamelContext;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** What a policy's trigger runs, on whichever instance acquired it: the route backup-scheduled. */
public final class ScheduledBackupJob implements Job {

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            CamelContext camel = (CamelContext) context.getScheduler().getContext().get(BackupSchedules.CAMEL);
            String environmentId = context.getMergedJobDataMap().getString(BackupSchedules.ENVIRONMENT);
            camel.createProducerTemplate().sendBody("direct:backup-scheduled", environmentId);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
