package io.odoobackup.archive;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The entries of a backup archive (docs/api.md §5), named once for backup, restore, the checks, the rescan and the
 * Odoo export: the filestore's tar.gz, the database's plain SQL dump, and the manifest last, whose sections
 * ("database", "filestore") describe the other two.
 */
public final class ArchiveLayout {

    public static final String DUMP = "dump.sql";
    public static final String FILESTORE = "filestore.tar.gz";
    /** An incremental backup's list of its filestore's files, whose contents are in the pool (docs/api.md §15). */
    public static final String FILESTORE_INDEX = "filestore.index";
    public static final String MANIFEST = "manifest.json";
    /** The manifest's and the record's filestore format of a full backup, and of an incremental one. */
    public static final String TAR_FORMAT = "tar.gz";
    public static final String INDEX_FORMAT = "index";
    /** Odoo's own backup format holds the filestore's files under this folder rather than as a tar. */
    public static final String ODOO_FILESTORE = "filestore/";

    private ArchiveLayout() {
    }

    /**
     * The entries a manifest describes: the dump, and unless the backup is of the database only, the filestore's entry
     * its "filestore" section names by its format ("tar.gz", or "index" for an incremental backup).
     */
    public static List<String> described(String filestoreFormat) {
        return filestoreFormat == null ? List.of(DUMP) : List.of(DUMP, filestoreEntry(filestoreFormat));
    }

    /** The manifest's filestore format: "tar.gz", "index" (an incremental backup), or null for the database only. */
    public static String filestoreFormat(JsonNode manifest) {
        return manifest.hasNonNull("filestore") ? manifest.path("filestore").path("format").asText(TAR_FORMAT) : null;
    }

    /** The filestore's bytes as the manifest says them: an incremental backup's files, else the tar.gz's size. */
    public static JsonNode filestoreBytes(JsonNode manifest) {
        JsonNode filestore = manifest.path("filestore");
        return filestore.path(filestore.has("bytes") ? "bytes" : "size");
    }

    /** The entry that holds the filestore in a backup of this format. */
    public static String filestoreEntry(String format) {
        return INDEX_FORMAT.equals(format) ? FILESTORE_INDEX : FILESTORE;
    }

    /** The manifest's section that describes an entry. */
    public static String section(String entry) {
        return switch (entry) {
            case DUMP -> "database";
            case FILESTORE, FILESTORE_INDEX -> "filestore";
            default -> throw new IllegalArgumentException("the manifest describes no entry " + entry);
        };
    }
}
