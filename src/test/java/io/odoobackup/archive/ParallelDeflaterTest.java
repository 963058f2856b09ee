package io.odoobackup.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** Blocks deflated side by side join into one stream that the JDK's own inflater reads back, at every level. */
class ParallelDeflaterTest {

    @Test
    void everyLevelInflatesBackToTheInput() throws Exception {
        // text, random bytes and base64 blocks: deflated, stored and Huffman-coded blocks one after another
        byte[] mixed = ZipStreamTest.mixed(5 * ParallelDeflater.BLOCK + 12_345, 4);
        byte[] noise = new byte[3 * ParallelDeflater.BLOCK];
        new Random(8).nextBytes(noise);
        byte[] base64 = Base64.getMimeEncoder().encode(noise);
        byte[] data = Arrays.copyOf(mixed, mixed.length + base64.length + mixed.length);
        System.arraycopy(base64, 0, data, mixed.length, base64.length);
        System.arraycopy(mixed, 0, data, mixed.length + base64.length, mixed.length);
        for (int level = 0; level <= 9; level++) {
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (Compression compression = new Compression(level); ParallelDeflater out = compression.deflating(deflated)) {
                out.write(data);
            }
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated.toByteArray()), new Inflater(true))) {
                assertThat(Arrays.equals(in.readAllBytes(), data)).as("level %d", level).isTrue();
            }
        }
    }

    @Test
    void incompressibleBlocksAreStoredAndTextIsCompressed() throws Exception {
        byte[] noise = new byte[4 * ParallelDeflater.BLOCK];
        new Random(5).nextBytes(noise);
        byte[] text = "Lorem ipsum dolor sit amet, invoice 42 of the bench.\n".repeat(80_000).getBytes();
        try (Compression compression = new Compression(Deflater.BEST_COMPRESSION)) {
            assertThat(deflatedSize(compression, noise)).isBetween((long) noise.length, noise.length + noise.length / 1000L);
            assertThat(deflatedSize(compression, text)).isLessThan(text.length / 50);
            byte[] base64 = Base64.getMimeEncoder().encode(noise); // Huffman codes alone: three quarters of it
            assertThat(deflatedSize(compression, base64)).isBetween(base64.length * 70L / 100, base64.length * 80L / 100);
        }
    }

    @Test
    void gzipIsWhatGunzipReads() throws Exception {
        byte[] data = ZipStreamTest.mixed(3 * ParallelDeflater.BLOCK + 7, 6);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (Compression compression = new Compression(3); var out = compression.gzip(gzip)) {
            out.write(data);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.toByteArray()))) {
            assertThat(Arrays.equals(in.readAllBytes(), data)).isTrue();
        }
    }

    private static long deflatedSize(Compression compression, byte[] data) throws Exception {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (ParallelDeflater out = compression.deflating(deflated)) {
            out.write(data);
        }
        return deflated.size();
    }
}
