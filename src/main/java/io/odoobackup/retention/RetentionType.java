package io.odoobackup.retention;

public enum RetentionType {
    DAILY, WEEKLY, MONTHLY, YEARLY, PERMANENT
}
