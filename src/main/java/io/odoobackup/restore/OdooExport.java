package io.odoobackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.Problem;
import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.backup.TarFiles;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odoobackup.archive.Compression;
import io.odoobackup.copies.Location;
import io.odoobackup.platform.Metered;
import io.odoobackup.pool.PoolReader;
import io.odoobackup.storage.StorageDrivers;
import java.security.DigestInputStream;
import java.util.zip.Deflater;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.io.input.TeeInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /backups/{id}/download?format=odoo: the backup as the ZIP Odoo's own database manager restores
 * (odoo/service/db.py restore_db: dump.sql, the filestore as filestore/..., Odoo's manifest.json), converted as it
 * streams out of storage: dump.sql without its owners (as Odoo dumps with --no-owner), the filestore archive
 * unpacked into entries. Each part is checked against the record's checksum as it passes; a mismatch ends the
 * download before the ZIP is whole, so a client never gets a wrong archive that unzips.
 */
public final class OdooExport {

    private static final Logger LOG = LoggerFactory.getLogger(OdooExport.class);
    /** A manifest lists tables and modules: a few hundred KB for the largest Odoo databases. */
    private static final int MANIFEST_LIMIT = 16 << 20;
    /** An Odoo series at the start of a version: "18.0" of "18.0", "18.0.1.3" or "saas~17.4" (17.4). */
    private static final Pattern SERIES = Pattern.compile("([0-9]+)\\.([0-9]+)");
    /** A file's long name or pax attributes: a path and a few values. */
    private static final long EXTENSION_HEADER_LIMIT = 1 << 20;

    private final ObjectMapper json;
    private final PoolReader pool;
    private final Compression compression;
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "odoo-export");
        thread.setDaemon(true);
        return thread;
    });

    public OdooExport(ObjectMapper json, PoolReader pool, Compression compression) {
        this.json = json;
        this.pool = pool;
        this.compression = compression;
    }

    /**
     * The body of the download: the Odoo ZIP as it is made from the backup's ZIP, {@code stored}, opened by the caller
     * from {@code source} (whose pool holds an incremental backup's files). Whatever ends the conversion early (a damaged
     * object, an error of any kind) is what the body's next read throws, at once; a reader that stops early stops it.
     */
    public InputStream stream(InputStream stored, Map<String, Object> backup, Location source) {
        return converted(stored, backup, "Odoo-format", out -> convert(stored, out, backup, source));
    }

    /**
     * An incremental backup's download in the shape of a full backup's (docs/api.md §15): filestore.tar.gz made from the
     * pool as it streams in place of filestore.index, dump.sql as stored, and the manifest describing the tar.gz.
     */
    public InputStream asFull(InputStream stored, Map<String, Object> backup, Location source) {
        return converted(stored, backup, "Full-format", out -> synthesize(stored, out, backup, source));
    }

    private interface Conversion {
        void into(OutputStream out) throws Exception;
    }

    private InputStream converted(InputStream stored, Map<String, Object> backup, String what, Conversion conversion) {
        BytePipe pipe = new BytePipe(1 << 16);
        writers.submit(() -> {
            try (stored) {
                conversion.into(pipe.sink());
                pipe.end();
            } catch (Throwable e) {
                pipe.fail(e);
                if (!BytePipe.echo(e)) {
                    LOG.warn("{} download of backup {} ended early: {}", what, backup.get("id"), e.getMessage());
                }
            }
        });
        return pipe.source();
    }

    /** The files an incremental backup's filestore.index entry lists, as a tar read from the pool; the index is checked. */
    private InputStream pooled(InputStream index, MessageDigest sha256, Map<String, Object> backup, Location source) {
        return pool.tar(source.config(), StorageDrivers.encrypted(source.key()),
                CloseShieldInputStream.wrap(new DigestInputStream(index, sha256)), RestoreJob.createdAt(backup));
    }

    private void synthesize(InputStream stored, OutputStream out, Map<String, Object> backup, Location source) throws Exception {
        ZipArchiveInputStream ours = new ZipArchiveInputStream(stored);
        ZipArchiveOutputStream full = new ZipArchiveOutputStream(out);
        full.setUseZip64(Zip64Mode.AsNeeded);
        full.setLevel(Deflater.NO_COMPRESSION); // the tar.gz is compressed, the dump is taken over as it is
        MessageDigest gzSha256 = Sha256.digest();
        long[] gzSize = {0};
        long files = 0;
        for (ZipArchiveEntry entry; (entry = ours.getNextEntry()) != null; ) {
            switch (entry.getName()) {
                case ArchiveLayout.FILESTORE_INDEX -> {
                    full.putArchiveEntry(new ZipArchiveEntry(ArchiveLayout.FILESTORE));
                    MessageDigest sha256 = Sha256.digest();
                    TarFiles counted;
                    try (InputStream tar = pooled(ours, sha256, backup, source);
                         OutputStream gzip = compression.gzip(Metered.output(new DigestOutputStream(entryStream(full), gzSha256),
                                 n -> gzSize[0] = n))) {
                        counted = new TarFiles(gzip);
                        tar.transferTo(counted);
                    }
                    ours.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
                    expect(sha256, backup.get("filestore_checksum"), ArchiveLayout.FILESTORE_INDEX);
                    files = counted.files();
                    full.closeArchiveEntry();
                }
                case ArchiveLayout.DUMP -> {
                    full.putArchiveEntry(new ZipArchiveEntry(ArchiveLayout.DUMP));
                    MessageDigest sha256 = Sha256.digest();
                    ours.transferTo(new DigestOutputStream(entryStream(full), sha256));
                    expect(sha256, backup.get("database_checksum"), ArchiveLayout.DUMP);
                    full.closeArchiveEntry();
                }
                case ArchiveLayout.MANIFEST -> {
                    ObjectNode manifest = (ObjectNode) manifest(ours);
                    if (manifest.path("filestore").isObject()) {
                        ObjectNode filestore = (ObjectNode) manifest.get("filestore");
                        filestore.put("size", gzSize[0]);
                        filestore.put("checksum", Sha256.checksum(gzSha256));
                        filestore.put("format", ArchiveLayout.TAR_FORMAT);
                        filestore.put("files", files);
                    }
                    full.putArchiveEntry(new ZipArchiveEntry(ArchiveLayout.MANIFEST));
                    full.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                    full.closeArchiveEntry();
                }
                default -> { }
            }
        }
        full.finish();
    }

    /** The name of the download, as Odoo names its own: the database and the backup's time. */
    public String fileName(Map<String, Object> backup) throws IOException {
        JsonNode snapshot = json.readTree(String.valueOf(backup.get("environment_snapshot")));
        return snapshot.path("db_name").asText("odoo") + "_" + String.valueOf(backup.get("id")).substring(0, 8) + ".odoo.zip";
    }

    /** Only "odoo" is a format other than the backup's own ZIP. */
    public boolean wanted(String format) {
        if (format == null || format.isEmpty()) {
            return false;
        }
        if (!format.equals("odoo")) {
            throw Problem.badRequest("Query parameter 'format' must be odoo (Odoo's own backup ZIP), or left out for this service's ZIP");
        }
        return true;
    }

    private void convert(InputStream stored, OutputStream out, Map<String, Object> backup, Location source) throws Exception {
        ZipArchiveInputStream ours = new ZipArchiveInputStream(stored);
        ZipArchiveOutputStream odoo = new ZipArchiveOutputStream(out);
        odoo.setUseZip64(Zip64Mode.AsNeeded);
        JsonNode manifest = null;
        for (ZipArchiveEntry entry; (entry = ours.getNextEntry()) != null; ) {
            switch (entry.getName()) {
                case ArchiveLayout.DUMP -> {
                    odoo.putArchiveEntry(new ZipArchiveEntry(ArchiveLayout.DUMP));
                    MessageDigest sha256 = Sha256.digest();
                    try (OutputStream withoutOwners = SqlOwners.withoutOwners(entryStream(odoo))) {
                        ours.transferTo(new DigestOutputStream(withoutOwners, sha256) {
                            @Override
                            public void close() {
                                // the entry is closed by closeArchiveEntry
                            }
                        });
                    }
                    expect(sha256, backup.get("database_checksum"), ArchiveLayout.DUMP);
                    odoo.closeArchiveEntry();
                }
                case ArchiveLayout.FILESTORE -> {
                    MessageDigest sha256 = Sha256.digest();
                    InputStream tar = new java.security.DigestInputStream(ours, sha256);
                    // long names and pax headers are read whole by the tar reader: bounded before they reach it
                    files(new TeeInputStream(new GZIPInputStream(tar, 1 << 16),
                            new TarFiles(OutputStream.nullOutputStream(), EXTENSION_HEADER_LIMIT)), odoo);
                    tar.transferTo(OutputStream.nullOutputStream()); // the rest of the entry, into the digest
                    expect(sha256, backup.get("filestore_checksum"), ArchiveLayout.FILESTORE);
                }
                case ArchiveLayout.FILESTORE_INDEX -> {
                    MessageDigest sha256 = Sha256.digest();
                    try (InputStream tar = pooled(ours, sha256, backup, source)) {
                        files(tar, odoo);
                    }
                    ours.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
                    expect(sha256, backup.get("filestore_checksum"), ArchiveLayout.FILESTORE_INDEX);
                }
                case ArchiveLayout.MANIFEST -> manifest = manifest(ours);
                default -> { }
            }
        }
        if (manifest == null) {
            throw new IOException("the backup has no manifest.json");
        }
        odoo.putArchiveEntry(new ZipArchiveEntry(ArchiveLayout.MANIFEST));
        odoo.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(odooManifest(manifest)));
        odoo.closeArchiveEntry();
        odoo.finish();
    }

    /** The regular files of a tar as entries filestore/... of Odoo's ZIP. */
    private static void files(InputStream tar, ZipArchiveOutputStream odoo) throws IOException {
        // names as the filesystem wrote them, UTF-8, whatever this JVM's default charset
        TarArchiveInputStream files = new TarArchiveInputStream(tar, "UTF-8");
        for (TarArchiveEntry file; (file = files.getNextEntry()) != null; ) {
            if (file.isFile()) {
                ZipArchiveEntry zipped = new ZipArchiveEntry(ArchiveLayout.ODOO_FILESTORE + file.getName().replaceFirst("^\\./", ""));
                zipped.setSize(file.getSize());
                zipped.setTime(file.getModTime().getTime());
                odoo.putArchiveEntry(zipped);
                files.transferTo(odoo);
                odoo.closeArchiveEntry();
            }
        }
        files.transferTo(OutputStream.nullOutputStream());
    }

    /**
     * The backup's manifest, read before the archive's checksum is known (it is checked as the last byte passes):
     * a manifest.json past {@link #MANIFEST_LIMIT} or not JSON is no manifest this service wrote.
     */
    private JsonNode manifest(InputStream entry) throws IOException {
        byte[] bytes = entry.readNBytes(MANIFEST_LIMIT + 1);
        if (bytes.length > MANIFEST_LIMIT) {
            throw new IOException("manifest.json is larger than " + (MANIFEST_LIMIT >> 20) + " MiB: the object in storage is not this backup");
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("manifest.json is not JSON: the object in storage is damaged");
        }
    }

    /** Odoo's dump_db_manifest, from ours. */
    private static Map<String, Object> odooManifest(JsonNode manifest) {
        JsonNode snapshot = manifest.path("environment_snapshot");
        // the version registered with the environment, else the series of its installed base module ("18.0.1.3": 18.0),
        // which every Odoo database has: Odoo's own restore compares it with its own
        String registered = snapshot.path("odoo_version").asText("");
        Matcher series = SERIES.matcher(registered);
        boolean known = series.find();
        if (!known) {
            series = SERIES.matcher(snapshot.path("module_versions").path("base").asText(""));
            known = series.find();
        }
        String major = known ? series.group(1) + "." + series.group(2) : "";
        String version = registered.isBlank() ? major : registered;
        List<Object> versionInfo = new ArrayList<>();
        if (known) {
            versionInfo.add(Integer.parseInt(series.group(1)));
            versionInfo.add(Integer.parseInt(series.group(2)));
        }
        while (versionInfo.size() < 3) {
            versionInfo.add(0);
        }
        versionInfo.add("final");
        versionInfo.add(0);
        versionInfo.add("");
        Map<String, Object> modules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = snapshot.path("module_versions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> module = it.next();
            modules.put(module.getKey(), module.getValue().asText());
        }
        Map<String, Object> odoo = new LinkedHashMap<>();
        odoo.put("odoo_dump", "1");
        odoo.put("db_name", manifest.path("database").path("name").asText());
        odoo.put("version", version);
        odoo.put("version_info", versionInfo);
        odoo.put("major_version", major);
        odoo.put("pg_version", manifest.path("database").path("pg_version").asText("").replaceFirst("^([0-9]+(\\.[0-9]+)?).*$", "$1"));
        odoo.put("modules", modules);
        return odoo;
    }

    private static void expect(MessageDigest sha256, Object checksum, String name) throws IOException {
        String actual = Sha256.checksum(sha256);
        if (!actual.equals(checksum)) {
            throw new IOException(name + " does not match the backup's checksum: the object in storage is damaged");
        }
    }

    /** The current entry of the ZIP, which must stay open when its writer is closed. */
    private static OutputStream entryStream(ZipArchiveOutputStream zip) {
        return new FilterOutputStream(zip) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
