package io.odoobackup.archive;

import io.odoobackup.platform.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A ZIP written front to back into a stream that cannot seek (an upload), Zip64 where sizes or offsets need it
 * (APPNOTE 6.3). An entry whose size is unknown until its last byte goes out as deflate stored blocks followed by a
 * data descriptor: every reader streams a deflated entry of unknown size, where a stored one would have to be found
 * by scanning for a signature (java.util.zip.ZipInputStream refuses it). Its sizes then take 8 bytes in the data
 * descriptor only past 4 GiB, as Go's archive/zip and the JDK's reader expect. commons-compress would need the
 * size and CRC of a stored entry before its bytes when writing to a stream.
 */
public final class ZipStream implements AutoCloseable {

    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int DEFLATED = 8;
    private static final int DATA_DESCRIPTOR = 1 << 3;
    private static final int STORED_BLOCK = 65_535;

    private final Counting out;
    private final int dosTime;
    private final int dosDate;
    private final List<Entry> entries = new ArrayList<>();
    private boolean open;

    private record Entry(String name, int flags, long crc, long compressed, long size, long offset) {
        boolean zip64() {
            return compressed >= MAX32 || size >= MAX32 || offset >= MAX32;
        }
    }

    /** Entries dated {@code time} (UTC: a ZIP has no time zone). */
    public ZipStream(OutputStream out, Instant time) {
        this.out = new Counting(out);
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        this.dosTime = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
        this.dosDate = Math.max(0, t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    }

    /** An entry of unknown size: write its bytes, then close the stream returned before the next entry. */
    public OutputStream entry(String name) throws IOException {
        return new StoredBlocks(deflatedEntry(name));
    }

    /**
     * An entry whose data is deflated already, written as it comes (it may still be growing): {@link
     * DeflatedEntry#end} then gives the CRC-32 and size of what it holds, which go in a data descriptor.
     */
    public DeflatedEntry deflatedEntry(String name) throws IOException {
        startEntry();
        long offset = out.count;
        localHeader(name, DATA_DESCRIPTOR, 0, 0, 0);
        return new DeflatedEntry(name, offset);
    }

    /** A small entry held in memory, deflated here. */
    public void entry(String name, byte[] content) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try {
            deflater.setInput(content);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                deflated.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        startEntry();
        long offset = out.count;
        localHeader(name, 0, crc.getValue(), deflated.size(), content.length);
        deflated.writeTo(out);
        entries.add(new Entry(name, 0, crc.getValue(), deflated.size(), content.length, offset));
        open = false;
    }

    /** Writes the central directory; the archive's size and SHA-256. The stream below stays open. */
    public Written finish() throws IOException {
        if (open) {
            throw new IllegalStateException("an entry is still open");
        }
        long start = out.count;
        for (Entry e : entries) {
            centralHeader(e);
        }
        long size = out.count - start;
        if (entries.size() >= 0xFFFF || start >= MAX32 || size >= MAX32) {
            long record = out.count;
            Le le = new Le();
            le.i32(0x06064b50).i64(44).i16(45).i16(45).i32(0).i32(0).i64(entries.size()).i64(entries.size()).i64(size).i64(start);
            le.i32(0x07064b50).i32(0).i64(record).i32(1);
            le.to(out);
        }
        Le end = new Le();
        end.i32(0x06054b50).i16(0).i16(0).i16((int) Math.min(entries.size(), 0xFFFF)).i16((int) Math.min(entries.size(), 0xFFFF))
                .i32(Math.min(size, MAX32)).i32(Math.min(start, MAX32)).i16(0);
        end.to(out);
        out.flush();
        return new Written(out.count, Sha256.checksum(out.sha256));
    }

    /** The whole archive as it went out: its size and its checksum ({@code sha256:<hex>}). */
    public record Written(long size, String checksum) {
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void startEntry() {
        if (open) {
            throw new IllegalStateException("an entry is still open");
        }
        open = true;
    }

    private void localHeader(String name, int flags, long crc, long compressed, long size) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        boolean zip64 = compressed >= MAX32 || size >= MAX32;
        Le le = new Le();
        le.i32(0x04034b50).i16(zip64 ? 45 : 20).i16(flags).i16(DEFLATED).i16(dosTime).i16(dosDate).i32(crc)
                .i32(zip64 ? MAX32 : compressed).i32(zip64 ? MAX32 : size).i16(bytes.length).i16(zip64 ? 20 : 0).bytes(bytes);
        if (zip64) {
            le.i16(1).i16(16).i64(size).i64(compressed);
        }
        le.to(out);
    }

    /** After an entry's data: its CRC-32 and sizes, 8 bytes each only past 4 GiB. */
    private void dataDescriptor(long crc, long compressed, long size) throws IOException {
        Le le = new Le();
        le.i32(0x08074b50).i32(crc);
        if (compressed >= MAX32 || size >= MAX32) {
            le.i64(compressed).i64(size);
        } else {
            le.i32(compressed).i32(size);
        }
        le.to(out);
    }

    private void centralHeader(Entry e) throws IOException {
        byte[] name = e.name.getBytes(StandardCharsets.US_ASCII);
        Le extra = new Le();
        if (e.size >= MAX32) {
            extra.i64(e.size);
        }
        if (e.compressed >= MAX32) {
            extra.i64(e.compressed);
        }
        if (e.offset >= MAX32) {
            extra.i64(e.offset);
        }
        int extraLength = extra.buffer.size() == 0 ? 0 : extra.buffer.size() + 4;
        int version = e.zip64() ? 45 : 20;
        Le le = new Le();
        le.i32(0x02014b50).i16(3 << 8 | version).i16(version).i16(e.flags).i16(DEFLATED).i16(dosTime).i16(dosDate).i32(e.crc)
                .i32(Math.min(e.compressed, MAX32)).i32(Math.min(e.size, MAX32)).i16(name.length).i16(extraLength).i16(0)
                .i16(0).i16(0).i32(0100644L << 16).i32(Math.min(e.offset, MAX32)).bytes(name);
        if (extraLength > 0) {
            le.i16(1).i16(extraLength - 4).bytes(extra.buffer.toByteArray());
        }
        le.to(out);
    }

    /** The entry's bytes in stored deflate blocks, its CRC-32 and sizes in the data descriptor after them. */
    private static final class StoredBlocks extends OutputStream {
        private final DeflatedEntry entry;
        private final byte[] block = new byte[STORED_BLOCK];
        private final CRC32 crc = new CRC32();
        private int filled;
        private long size;
        private boolean closed;

        StoredBlocks(DeflatedEntry entry) {
            this.entry = entry;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int from, int length) throws IOException {
            crc.update(bytes, from, length);
            size += length;
            while (length > 0) {
                int n = Math.min(length, STORED_BLOCK - filled);
                System.arraycopy(bytes, from, block, filled, n);
                filled += n;
                from += n;
                length -= n;
                if (filled == STORED_BLOCK) {
                    emit(false);
                }
            }
        }

        private void emit(boolean last) throws IOException {
            entry.write(new byte[] {(byte) (last ? 1 : 0), (byte) filled, (byte) (filled >> 8), (byte) ~filled, (byte) (~filled >> 8)});
            entry.write(block, 0, filled);
            filled = 0;
        }

        /** Ends the entry (the stream below stays open for the next). */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            emit(true);
            entry.end(crc.getValue(), size);
        }
    }

    /** Deflated bytes of an entry as they come; {@link #end} once they are all written. */
    public final class DeflatedEntry extends OutputStream {
        private final String name;
        private final long offset;
        private long compressed;

        private DeflatedEntry(String name, long offset) {
            this.name = name;
            this.offset = offset;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int from, int length) throws IOException {
            out.write(bytes, from, length);
            compressed += length;
        }

        /** The deflated bytes written so far. */
        public long written() {
            return compressed;
        }

        /** Ends the entry: {@code crc} and {@code size} are those of its content, before deflate. */
        public void end(long crc, long size) throws IOException {
            dataDescriptor(crc, compressed, size);
            entries.add(new Entry(name, DATA_DESCRIPTOR, crc, compressed, size, offset));
            open = false;
        }
    }

    /** Little-endian fields. */
    private static final class Le {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);

        Le i16(int v) {
            buffer.write(v);
            buffer.write(v >> 8);
            return this;
        }

        Le i32(long v) {
            return i16((int) v).i16((int) (v >> 16));
        }

        Le i64(long v) {
            return i32(v).i32(v >>> 32);
        }

        Le bytes(byte[] b) {
            buffer.writeBytes(b);
            return this;
        }

        void to(OutputStream out) throws IOException {
            buffer.writeTo(out);
        }
    }

    /** Counts and digests every byte of the archive on its way out. */
    private static final class Counting extends FilterOutputStream {
        final MessageDigest sha256 = Sha256.digest();
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            sha256.update(bytes, offset, length);
            count += length;
        }
    }
}
