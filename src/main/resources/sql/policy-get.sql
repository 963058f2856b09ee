SELECT environment_id, enabled, schedule_time, timezone, storage_config_id, secondary_storage_config_id, include_filestore,
       daily_retention_days, weekly_retention_weeks, monthly_retention_months, yearly_retention_years,
       weekly_backup_day, monthly_backup_day, verify_restore, schedule_window_minutes, updated_at,
       last_planned_at, last_outcome, last_outcome_reason, last_backup_id
  FROM backup_policy WHERE environment_id = :#${exchangeProperty.environmentId}
