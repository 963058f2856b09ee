package io.odoobackup.backup;

/** A running backup or restore: its record holds a lease that its instance renews while it lives. */
public interface Leased {

    /** The record's id. */
    String leaseId();

    /** The table of the record: backup or restore. */
    Leases.Table leaseTable();
}
