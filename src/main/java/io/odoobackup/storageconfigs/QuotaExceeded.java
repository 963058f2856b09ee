package io.odoobackup.storageconfigs;

import io.odoobackup.api.Problem;

/** The seed's "Storage quota exceeded": the organization's completed backups fill its quota. */
public class QuotaExceeded extends Problem {

    public QuotaExceeded(String detail) {
        super(400, "Storage quota exceeded", detail);
    }
}
