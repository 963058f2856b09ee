package io.odoobackup.pool;

import io.odoobackup.platform.Streams;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import io.odoobackup.storage.StorageFailed;
import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The files of a filestore.index as an uncompressed tar, made as it is read: each file is read from the pool in turn
 * and checked against the index (size and SHA-1) as it passes, so a restore, a check or a download never gets a file
 * that is not the one backed up. A pool object that is missing or damaged is recorded as such (the next backup that
 * lists it uploads it again) and fails the read, naming it. Small files are read ahead side by side (at most eight, 32
 * MiB), as one request per file would otherwise wait out each request's time in turn; memory stays within that bound.
 */
final class PoolTar extends InputStream {

    private static final int CHUNK = 1 << 16;
    /** Files read ahead side by side: each is a request of its own, whose wait would otherwise add up file by file. */
    private static final int AHEAD = 8;
    /** Only files this small are read ahead, into memory, and no more than this many bytes in all. */
    private static final long SMALL = 4 << 20;
    private static final long AHEAD_BYTES = 32 << 20;

    private final StorageDrivers storage;
    private final PoolFiles pool;
    private final StorageConfig config;
    private final boolean encrypted;
    private final PoolIndex.Lines index;
    private final Buffer out = new Buffer();
    private final TarArchiveOutputStream tar;
    private final Date modified;
    private final byte[] chunk = new byte[CHUNK];
    private final ExecutorService threads;
    private final Deque<Ahead> ahead = new ArrayDeque<>();
    private long aheadBytes;
    private boolean indexRead;
    private PoolIndex.Entry current;
    private InputStream file;
    private MessageDigest sha1;
    private long read;
    private int position;
    private boolean finished;

    PoolTar(StorageDrivers storage, PoolFiles pool, StorageConfig config, boolean encrypted, InputStream index, Instant modified,
            ExecutorService threads) {
        this.threads = threads;
        this.storage = storage;
        this.pool = pool;
        this.config = config;
        this.encrypted = encrypted;
        this.index = new PoolIndex.Lines(index);
        this.modified = Date.from(modified);
        this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        while (position >= out.size()) {
            out.reset();
            position = 0;
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, out.size() - position);
        System.arraycopy(out.bytes(), position, bytes, offset, n);
        position += n;
        return n;
    }

    /** Moves the tar on by one step (a header, a chunk, an entry's end, or the end); false at the end. */
    private boolean fill() throws IOException {
        if (finished) {
            return false;
        }
        if (file == null) {
            readAhead();
            Ahead next = ahead.poll();
            if (next == null) {
                tar.finish();
                finished = true;
                return true;
            }
            aheadBytes -= next.bytes == null ? 0 : next.entry.size();
            begin(next);
            return true;
        }
        int n = file.read(chunk);
        if (n < 0) {
            end();
            return true;
        }
        read += n;
        if (read > current.size()) {
            throw damaged("holds more than the " + current.size() + " bytes of " + current.path());
        }
        sha1.update(chunk, 0, n);
        tar.write(chunk, 0, n);
        return true;
    }

    /** A file of the index to come, and its bytes when they are being read ahead. */
    private record Ahead(PoolIndex.Entry entry, Future<byte[]> bytes) {
    }

    /** Reads the index on while fewer than {@link #AHEAD} files wait, starting the reads of the small ones. */
    private void readAhead() throws IOException {
        while (!indexRead && ahead.size() < AHEAD) {
            PoolIndex.Entry entry = index.next();
            if (entry == null) {
                indexRead = true;
                return;
            }
            boolean small = entry.size() <= SMALL && aheadBytes + entry.size() <= AHEAD_BYTES;
            if (small) {
                aheadBytes += entry.size();
            }
            ahead.add(new Ahead(entry, small ? threads.submit(() -> read(entry)) : null));
        }
    }

    /** A small file's stored bytes, read whole (a file larger than listed stops the read at one byte more). */
    private byte[] read(PoolIndex.Entry entry) throws IOException {
        try (InputStream in = storage.open(config, config.poolKey(entry.sha1(), encrypted))) {
            return in.readNBytes((int) entry.size() + 1);
        }
    }

    private void begin(Ahead next) throws IOException {
        current = next.entry;
        try {
            file = next.bytes == null ? storage.open(config, config.poolKey(current.sha1(), encrypted))
                    : new ByteArrayInputStream(next.bytes.get());
        } catch (StorageFailed e) {
            throw PoolReader.missing(e) ? damaged("is missing") : e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StorageFailed failed) {
                throw PoolReader.missing(failed) ? damaged("is missing") : failed;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a pool file was read");
        }
        PoolIndex.Entry entry = current;
        sha1 = PoolIndex.sha1();
        read = 0;
        TarArchiveEntry header = new TarArchiveEntry(entry.path());
        header.setSize(entry.size());
        header.setMode(0100644);
        header.setModTime(modified);
        tar.putArchiveEntry(header);
    }

    private void end() throws IOException {
        file.close();
        file = null;
        String actual = HexFormat.of().formatHex(sha1.digest());
        if (read != current.size() || !actual.equals(current.sha1())) {
            throw damaged("is not the file backed up (" + read + " bytes, SHA-1 " + actual + ")");
        }
        tar.closeArchiveEntry();
    }

    /** Records the current file's pool object as damaged; the failure that ends the read. */
    private PoolFileDamaged damaged(String what) {
        String key = config.poolKey(current.sha1(), encrypted);
        try {
            pool.damaged(config, key);
        } catch (SQLException e) {
            // the read fails either way; the next full check finds it again
        }
        return new PoolFileDamaged("The pool file " + key + " (" + current.path() + ") " + what
                + ": the backups that list it cannot be restored until the next backup of a filestore holding it uploads it again");
    }

    @Override
    public void close() throws IOException {
        ahead.forEach(waiting -> {
            if (waiting.bytes != null) {
                waiting.bytes.cancel(true);
            }
        });
        ahead.clear();
        try (index) {
            if (file != null) {
                file.close();
            }
        }
    }

    /** A byte buffer whose bytes are read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
