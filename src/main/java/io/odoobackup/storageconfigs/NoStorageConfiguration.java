package io.odoobackup.storageconfigs;

import io.odoobackup.api.Problem;

/** The seed's "No Storage Configuration Available": the organization has no storage to back up to. */
public class NoStorageConfiguration extends Problem {

    public NoStorageConfiguration(String detail) {
        super(400, "No Storage Configuration Available", detail);
    }
}
