package io.odoobackup.backup;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.archive.ZipStream;
import io.odoobackup.storage.SentBytes;
import java.util.List;
import java.util.Map;

/**
 * What a backup made, stage by stage: the dump and the filestore archive with their checksums, the facts the
 * manifest records, the manifest, the archive, and what storage holds of it. Each stage writes its own part once;
 * the manifest, the record of a completed backup, the verification and the copy read them. Routes read it as
 * {@code job.result}; its writers are named apart from its properties, as Camel's simple language would otherwise
 * take {@code job.result.copyStored} for a call of the one-argument method of that name.
 */
public final class BackupResult {

    private Artifact dump;
    private Map<String, Long> tables = Map.of();
    private Map<String, String> moduleVersions;
    private String pgVersion;
    private Artifact filestore;
    private long filestoreFiles;
    private FilestorePool.Pooled pooled;
    private byte[] manifest;
    private ZipStream.Written archive;
    private SentBytes sent;
    private SentBytes stored;
    private SentBytes copyStored;

    /** The dump, whole in the work folder, and the rows of each table as counted while it streamed. */
    void dumped(Artifact dump, Map<String, Long> tables) {
        this.dump = dump;
        this.tables = Map.copyOf(tables);
    }

    /** The installed modules (name -> installed version) and the server's version, read before the dump. */
    void databaseFacts(Map<String, String> moduleVersions, String pgVersion) {
        this.moduleVersions = moduleVersions;
        this.pgVersion = pgVersion;
    }

    /** The filestore's tar.gz entry and how many regular files it holds. */
    void filestoreArchived(Artifact filestore, long files) {
        this.filestore = filestore;
        this.filestoreFiles = files;
    }

    /** An incremental filestore: its files pooled and listed in filestore.index, in the work folder until archived. */
    void filestorePooled(FilestorePool.Pooled pooled) {
        this.pooled = pooled;
        this.filestoreFiles = pooled.files();
    }

    /** filestore.index as it went into the archive (the same bytes as the work folder's). */
    void filestoreIndexed(Artifact index) {
        this.filestore = index;
    }

    /** manifest.json as it goes into the archive. */
    void manifestWritten(byte[] manifest) {
        this.manifest = manifest;
    }

    /** The ZIP as written: its size and checksum. */
    void archived(ZipStream.Written archive) {
        this.archive = archive;
    }

    /** What the upload handed to storage (its size and, encrypted, the ciphertext's checksum). */
    void uploaded(SentBytes sent) {
        this.sent = sent;
    }

    /** What the verification read back from the primary storage (ciphertext when encrypted). */
    void verified(SentBytes stored) {
        this.stored = stored;
    }

    /** What the verification read back of the copy on the second storage. */
    void copyVerified(SentBytes copyStored) {
        this.copyStored = copyStored;
    }

    public Artifact getDump() {
        return dump;
    }

    /** Rows of each table in the dump. */
    public Map<String, Long> getTables() {
        return tables;
    }

    /** Installed module name -> its installed version (latest_version), for Odoo's own manifest; null before read. */
    public Map<String, String> getModuleVersions() {
        return moduleVersions;
    }

    /** The installed modules' names; null before read. */
    public List<String> getModules() {
        return moduleVersions == null ? null : List.copyOf(moduleVersions.keySet());
    }

    public String getPgVersion() {
        return pgVersion;
    }

    /** The filestore archive; null when the backup has none. */
    public Artifact getFilestore() {
        return filestore;
    }

    /** The incremental filestore's pooled files; null for a full backup's filestore or none. */
    public FilestorePool.Pooled getPooled() {
        return pooled;
    }

    /** "tar.gz", "index" (docs/api.md §15), or null without a filestore. */
    public String getFilestoreFormat() {
        return filestore == null ? null : pooled != null ? ArchiveLayout.INDEX_FORMAT : ArchiveLayout.TAR_FORMAT;
    }

    /** The filestore's bytes as restored: its files' for an incremental backup, else the archive's. */
    public long getFilestoreBytes() {
        return pooled != null ? pooled.bytes() : filestore == null ? 0 : filestore.size();
    }

    public long getFilestoreFiles() {
        return filestoreFiles;
    }

    public byte[] getManifest() {
        return manifest;
    }

    public ZipStream.Written getArchive() {
        return archive;
    }

    public SentBytes getSent() {
        return sent;
    }

    public SentBytes getStored() {
        return stored;
    }

    /** Null without a copy, or before it was verified. */
    public SentBytes getCopyStored() {
        return copyStored;
    }
}
