package io.odoobackup.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Packs dump.sql (deflated), filestore.tar.gz (stored: it is gzip already) and manifest.json into the
 * backup ZIP in one streaming pass, so the archive's SHA-256 comes without reading it again.
 * camel-zipfile would deflate every entry and rewrite the archive per entry.
 */
public final class BackupPackager {

    private final int level;

    public BackupPackager(int level) {
        this.level = level;
    }

    public void pack(BackupJob job) throws IOException {
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("backup-" + job.getBackupId() + ".zip"));
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setUseZip64(Zip64Mode.AsNeeded);
            zip.setLevel(level);
            add(zip, "dump.sql", job.getDump(), ZipEntry.DEFLATED);
            if (job.getFilestore() != null) {
                add(zip, "filestore.tar.gz", job.getFilestore(), ZipEntry.STORED);
            }
            add(zip, "manifest.json", job.getManifest(), ZipEntry.DEFLATED);
        }
        job.setArchive(file.artifact());
        // the parts now live in the archive: free their disk space before the upload
        Files.deleteIfExists(job.getDump().path());
        if (job.getFilestore() != null) {
            Files.deleteIfExists(job.getFilestore().path());
        }
    }

    private static void add(ZipArchiveOutputStream zip, String name, Artifact part, int method) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(method);
        entry.setSize(part.size()); // known sizes let a streamed archive use Zip64 only where needed
        if (method == ZipEntry.STORED) {
            entry.setCompressedSize(part.size());
            entry.setCrc(part.crc32());
        }
        zip.putArchiveEntry(entry);
        try (InputStream in = Files.newInputStream(part.path())) {
            in.transferTo(zip);
        }
        zip.closeArchiveEntry();
    }
}
