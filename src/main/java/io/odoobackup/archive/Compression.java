package io.odoobackup.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * Deflate and gzip on every core (BACKUP_GZIP_LEVEL): one pool of compression threads, as many as the cores, shared by
 * all running backups, so that several at once divide the cores instead of each claiming them all.
 */
public final class Compression implements AutoCloseable {

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final int level;
    private final int threads;
    private final ExecutorService pool;

    public Compression(int level) {
        this.level = level;
        this.threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger number = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "deflate-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public int level() {
        return level;
    }

    /** Raw deflate (a ZIP entry's data) of what is written, into {@code out}; close ends the stream and {@code out}. */
    public ParallelDeflater deflating(OutputStream out) {
        return new ParallelDeflater(out, level, pool, 2 * threads);
    }

    /** The gzip file (RFC 1952) of what is written, into {@code out}: a header, the deflate stream, CRC-32 and size. */
    public OutputStream gzip(OutputStream out) throws IOException {
        out.write(GZIP_HEADER);
        ParallelDeflater deflater = deflating(out);
        CRC32 crc = new CRC32();
        return new OutputStream() {
            private long size;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                deflater.write(bytes, offset, length);
                crc.update(bytes, offset, length);
                size += length;
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (out) {
                    deflater.finish();
                    long value = crc.getValue();
                    out.write(new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
                        (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
                }
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
