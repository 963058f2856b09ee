package io.odoobackup.restore;

import io.odoobackup.api.Problem;

/**
 * The environment a restore or restore check would work in is not of the backup's organization (or no longer
 * exists): nothing is done in its containers. The API answers 400; the recovery of an interrupted restore fails the
 * restore without touching them.
 */
public final class ForeignTarget extends Problem {

    ForeignTarget(String detail) {
        super(400, "Bad Request", detail);
    }
}
