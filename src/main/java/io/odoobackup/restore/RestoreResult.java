package io.odoobackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.odoobackup.copies.Location;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a restore or a restore check made, step by step: the backup fetched and checked (from which location, into
 * which file), its manifest, and for a check its outcome as the backup's record keeps it. Each step writes its part
 * once; routes read it as {@code restore.result}.
 */
public final class RestoreResult {

    private Location source;
    private Path archive;
    private JsonNode manifest;
    private Map<String, Object> check;

    /** The backup's object, fetched from {@code source} into {@code archive} and checked against the record. */
    void fetched(Location source, Path archive) {
        this.source = source;
        this.archive = archive;
    }

    /** The backup's manifest.json, read from the checked archive. */
    void manifestRead(JsonNode manifest) {
        this.manifest = manifest;
    }

    /** A restore check's outcome: the parameters of sql/backup-restore-check.sql (ok, and the whole as json). */
    void checked(Map<String, Object> check) {
        this.check = Map.copyOf(check);
    }

    /** The location the backup was fetched from; null before the fetch. */
    public Location getSource() {
        return source;
    }

    /** The fetched archive in the work folder; null before the fetch succeeded. */
    public Path getArchive() {
        return archive;
    }

    public JsonNode getManifest() {
        return manifest;
    }

    /** A restore check's outcome; null until it is known. */
    public Map<String, Object> getCheck() {
        return check;
    }
}
