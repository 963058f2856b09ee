INSERT INTO backup_policy (environment_id, organization_id, enabled, schedule_time, timezone, storage_config_id,
                           secondary_storage_config_id,
                           include_filestore, daily_retention_days, weekly_retention_weeks, monthly_retention_months,
                           yearly_retention_years, weekly_backup_day, monthly_backup_day, verify_restore, schedule_window_minutes)
VALUES (:#environment_id, :#organization_id, :#enabled, :#schedule_time, :#timezone, :#storage_config_id, :#secondary_storage_config_id,
        :#include_filestore, :#daily_retention_days, :#weekly_retention_weeks, :#monthly_retention_months,
        :#yearly_retention_years, :#weekly_backup_day, :#monthly_backup_day, :#verify_restore, :#schedule_window_minutes)
ON CONFLICT (environment_id) DO UPDATE SET
    enabled = excluded.enabled, schedule_time = excluded.schedule_time, timezone = excluded.timezone,
    storage_config_id = excluded.storage_config_id,
    secondary_storage_config_id = excluded.secondary_storage_config_id, include_filestore = excluded.include_filestore,
    daily_retention_days = excluded.daily_retention_days, weekly_retention_weeks = excluded.weekly_retention_weeks,
    monthly_retention_months = excluded.monthly_retention_months, yearly_retention_years = excluded.yearly_retention_years,
    weekly_backup_day = excluded.weekly_backup_day, monthly_backup_day = excluded.monthly_backup_day,
    verify_restore = excluded.verify_restore, schedule_window_minutes = excluded.schedule_window_minutes, updated_at = now()
