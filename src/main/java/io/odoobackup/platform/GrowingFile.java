package io.odoobackup.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A file read while another thread still writes it: at its end, a read waits for more until {@code written}
 * completes, which the writer does once the file is closed; then the last bytes, then the end of the stream. The
 * writer's failure is thrown here as it was thrown there. The file need not exist yet when reading begins.
 * {@link #copyWhileWritten} takes only what comes while the writer works, so that the rest can be read apart.
 */
public final class GrowingFile extends InputStream {

    /** How often a reader at the end looks for more: the writer flushes in blocks of tens of kilobytes. */
    private static final long LOOK_MS = 20;

    private final Path path;
    private final Future<?> written;
    private final String what;
    private final long from;
    private FileChannel channel;

    /** Read from byte {@code from} on; {@code what} names the writer's work in a failure ("the database dump"). */
    public GrowingFile(Path path, Future<?> written, String what, long from) {
        this.path = path;
        this.written = written;
        this.what = what;
        this.from = from;
    }

    /** Copies what is written while the writer works into {@code out}; returns the bytes copied once it is done. */
    public long copyWhileWritten(OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        while (!written.isDone()) {
            int n = readNow(buffer, 0, buffer.length);
            if (n > 0) {
                out.write(buffer, 0, n);
                copied += n;
            } else {
                waitForMore();
            }
        }
        return copied;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            // asked before reading: a writer that was done had closed the file, so this read sees all of it
            boolean done = written.isDone();
            int n = readNow(bytes, offset, length);
            if (n > 0) {
                return n;
            }
            if (done) {
                Futures.await(written, what); // its failure, if it failed
                if (channel == null) {
                    throw new IOException(what + " ended without writing " + path);
                }
                return -1;
            }
            waitForMore();
        }
    }

    /** What the file holds past what was read, without waiting: -1 at its end or before it exists. */
    private int readNow(byte[] bytes, int offset, int length) throws IOException {
        if (channel == null && Files.exists(path)) {
            channel = FileChannel.open(path).position(from);
        }
        return channel == null ? -1 : channel.read(ByteBuffer.wrap(bytes, offset, length));
    }

    private void waitForMore() throws IOException {
        try {
            written.get(LOOK_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // more bytes or the end: the next round reads them, or throws the failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
