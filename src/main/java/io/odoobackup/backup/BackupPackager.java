package io.odoobackup.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Packs dump.sql (deflated while it was dumped), filestore.tar.gz (stored: it is gzip already) and
 * manifest.json into the backup ZIP in one streaming pass, so the archive's SHA-256 comes without
 * reading it again. camel-zipfile would deflate every entry and rewrite the archive per entry.
 */
public final class BackupPackager {

    private final TaskProgress progress;

    public BackupPackager(TaskProgress progress) {
        this.progress = progress;
    }

    public void pack(BackupJob job) throws IOException {
        long parts = Files.size(job.getDump().path()) + job.getManifest().size()
                + (job.getFilestore() == null ? 0 : job.getFilestore().size());
        DigestingFile file = new DigestingFile(job.getWorkDir().resolve("backup-" + job.getBackupId() + ".zip"),
                progress.transfer(job, "package", 70, 80, "Packaging backup", parts));
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setUseZip64(Zip64Mode.AsNeeded);
            addDeflated(zip, "dump.sql", job.getDump());
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

    /** An entry whose file holds its data deflated already: copied in raw, its size and CRC those of the plain data. */
    private static void addDeflated(ZipArchiveOutputStream zip, String name, Artifact part) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setSize(part.size());
        entry.setCompressedSize(Files.size(part.path()));
        entry.setCrc(part.crc32());
        try (InputStream in = Files.newInputStream(part.path())) {
            zip.addRawArchiveEntry(entry, in);
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
