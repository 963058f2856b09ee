package io.odoobackup.archive;

import java.util.List;

/**
 * The entries of a backup archive (docs/api.md §5), named once for backup, restore, the checks, the rescan and the
 * Odoo export: the filestore's tar.gz, the database's plain SQL dump, and the manifest last, whose sections
 * ("database", "filestore") describe the other two.
 */
public final class ArchiveLayout {

    public static final String DUMP = "dump.sql";
    public static final String FILESTORE = "filestore.tar.gz";
    public static final String MANIFEST = "manifest.json";
    /** Odoo's own backup format holds the filestore's files under this folder rather than as a tar. */
    public static final String ODOO_FILESTORE = "filestore/";

    private ArchiveLayout() {
    }

    /** The entries the manifest describes: the dump, and the filestore unless the backup is of the database only. */
    public static List<String> described(boolean withFilestore) {
        return withFilestore ? List.of(DUMP, FILESTORE) : List.of(DUMP);
    }

    /** The manifest's section that describes an entry. */
    public static String section(String entry) {
        return switch (entry) {
            case DUMP -> "database";
            case FILESTORE -> "filestore";
            default -> throw new IllegalArgumentException("the manifest describes no entry " + entry);
        };
    }
}
