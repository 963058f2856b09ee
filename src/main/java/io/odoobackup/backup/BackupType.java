package io.odoobackup.backup;

public enum BackupType {
    MANUAL, PRE_RESTORE, PRE_UPGRADE, SCHEDULED
}
