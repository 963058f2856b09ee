package io.odoobackup.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup ZIP as the service now streams it (a gzip made on every core as an entry of unknown size, a dump
 * deflated on every core beforehand, a manifest), read back by Info-ZIP's unzip, Python's zipfile, gzip, the JDK's
 * streaming reader and commons-compress's streaming reader: none of them is this service's code.
 */
class ZipStreamTest {

    private static final Instant TIME = Instant.parse("2026-11-26T10:15:30Z");

    @Test
    void independentReadersTakeTheArchiveWhole(@TempDir Path dir) throws Exception {
        byte[] tar = mixed(5_000_000, 1); // text and random bytes: deflated blocks and stored ones
        byte[] dump = mixed(3_000_000, 2);
        byte[] manifest = "{\"version\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);
        Path zip = dir.resolve("backup.zip");
        try (Compression compression = new Compression(1); OutputStream file = Files.newOutputStream(zip);
             ZipStream archive = new ZipStream(file, TIME)) {
            try (OutputStream entry = archive.entry("filestore.tar.gz"); OutputStream gzip = compression.gzip(entry)) {
                writeInPieces(gzip, tar);
            }
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (ParallelDeflater deflater = compression.deflating(deflated)) {
                writeInPieces(deflater, dump);
            }
            // the dump's entry ends with a data descriptor, as it does when the dump is followed while written
            ZipStream.DeflatedEntry entry = archive.deflatedEntry("dump.sql");
            writeInPieces(entry, deflated.toByteArray());
            entry.end(crc(dump), dump.length);
            archive.entry("manifest.json", manifest);
            ZipStream.Written written = archive.finish();
            file.flush();
            assertThat(written.size()).isEqualTo(Files.size(zip));
        }
        Map<String, byte[]> expected = new LinkedHashMap<>();
        expected.put("dump.sql", dump);
        expected.put("manifest.json", manifest);

        assertThat(run(dir, "unzip", "-tq", zip.toString())).contains("No errors detected");
        run(dir, "unzip", "-q", zip.toString(), "-d", dir.resolve("out").toString());
        assertThat(Files.readAllBytes(dir.resolve("out/dump.sql"))).isEqualTo(dump);
        assertThat(run(dir, "gzip", "-t", dir.resolve("out/filestore.tar.gz").toString())).isEmpty();
        assertThat(gunzip(Files.readAllBytes(dir.resolve("out/filestore.tar.gz")))).isEqualTo(tar);
        assertThat(run(dir, "python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(),"
                + " [(i.filename, i.compress_type) for i in z.infolist()])", zip.toString()))
                .contains("None [('filestore.tar.gz', 8), ('dump.sql', 8), ('manifest.json', 8)]");
        assertThat(run(dir, "zipinfo", "-T", zip.toString())).contains("20261126.101530");

        try (ZipInputStream jdk = new ZipInputStream(Files.newInputStream(zip))) {
            Map<String, byte[]> read = new LinkedHashMap<>();
            for (ZipEntry e; (e = jdk.getNextEntry()) != null; ) {
                read.put(e.getName(), jdk.readAllBytes());
            }
            assertThat(gunzip(read.remove("filestore.tar.gz"))).isEqualTo(tar);
            assertThat(read).containsExactlyEntriesOf(expected);
        }
        try (ZipArchiveInputStream commons = new ZipArchiveInputStream(Files.newInputStream(zip))) {
            Map<String, byte[]> read = new LinkedHashMap<>();
            for (ZipArchiveEntry e; (e = commons.getNextEntry()) != null; ) {
                read.put(e.getName(), commons.readAllBytes());
            }
            assertThat(gunzip(read.remove("filestore.tar.gz"))).isEqualTo(tar);
            assertThat(read).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void anEmptyEntryAndLevelZeroAreValid(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("empty.zip");
        try (Compression compression = new Compression(0); ZipStream archive = new ZipStream(Files.newOutputStream(zip), TIME)) {
            archive.entry("nothing.bin").close();
            try (OutputStream gzip = compression.gzip(archive.entry("small.gz"))) {
                gzip.write("hello".getBytes(StandardCharsets.UTF_8));
            }
            archive.finish();
        }
        assertThat(run(dir, "unzip", "-tq", zip.toString())).contains("No errors detected");
        run(dir, "unzip", "-q", zip.toString(), "-d", dir.toString());
        assertThat(run(dir, "gzip", "-dc", dir.resolve("small.gz").toString())).isEqualTo("hello");
        assertThat(Files.size(dir.resolve("nothing.bin"))).isZero();
    }

    /** Past 4 GiB the sizes and offsets move to Zip64 fields; unzip and the JDK's streaming reader still agree. */
    @Test
    @Tag("slow")
    void anEntryPastFourGibibytesUsesZip64(@TempDir Path dir) throws Exception {
        long size = (1L << 32) + 1_000_003;
        byte[] chunk = mixed(1 << 20, 3);
        Path zip = dir.resolve("large.zip");
        CRC32 crc = new CRC32();
        try (ZipStream archive = new ZipStream(new java.io.BufferedOutputStream(Files.newOutputStream(zip), 1 << 16), TIME)) {
            try (OutputStream entry = archive.entry("large.bin")) {
                for (long left = size; left > 0; ) {
                    int n = (int) Math.min(left, chunk.length);
                    entry.write(chunk, 0, n);
                    crc.update(chunk, 0, n);
                    left -= n;
                }
            }
            archive.entry("after.txt", "after".getBytes(StandardCharsets.UTF_8));
            archive.finish();
        }
        assertThat(run(dir, "unzip", "-tq", zip.toString())).contains("No errors detected");
        assertThat(run(dir, "unzip", "-p", zip.toString(), "after.txt")).isEqualTo("after");
        try (ZipInputStream jdk = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(zip), 1 << 16))) {
            ZipEntry large = jdk.getNextEntry();
            long read = jdk.transferTo(OutputStream.nullOutputStream());
            assertThat(large.getName()).isEqualTo("large.bin");
            assertThat(read).isEqualTo(size);
            ZipEntry after = jdk.getNextEntry();
            assertThat(after.getName()).isEqualTo("after.txt");
            assertThat(new String(jdk.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("after");
            assertThat(large.getCrc()).isEqualTo(crc.getValue());
        }
    }

    /** Half text, half random: what a filestore or a dump with attachments holds. */
    static byte[] mixed(int size, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (text.size() < size / 2) {
            text.writeBytes(("INSERT INTO res_partner VALUES (" + random.nextInt(100_000) + ", 'Partner name', 'street');\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = new byte[size];
        System.arraycopy(text.toByteArray(), 0, bytes, 0, size / 2);
        byte[] noise = new byte[size - size / 2];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, bytes, size / 2, noise.length);
        return bytes;
    }

    private static void writeInPieces(OutputStream out, byte[] bytes) throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(300_000));
            out.write(bytes, i, n);
            i += n;
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
