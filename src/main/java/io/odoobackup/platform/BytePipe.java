package io.odoobackup.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded pipe between a thread that writes (the archive being made) and one that reads (its upload), which
 * carries a failure either way: the writer's failure is what the reader's next read throws, and a reader that
 * stops early (its upload failed) makes the writer's next write throw {@link Broken}, so neither waits for ever.
 * java.io's piped streams carry neither and poll once a second.
 */
public final class BytePipe {

    private final byte[] ring;
    private int start;
    private int length;
    private boolean written;
    private Throwable writerFailure;
    private Throwable readerFailure;
    private boolean readerClosed;
    private final OutputStream sink = new Sink();
    private final InputStream source = new Source();

    public BytePipe(int capacity) {
        this.ring = new byte[capacity];
    }

    /**
     * Where the writer writes. Closing it does not end the bytes ({@link #end} does): a writer closed by a
     * try-with-resources on its way out of a failure must never look to the reader like a whole stream.
     */
    public OutputStream sink() {
        return sink;
    }

    /** Where the reader reads; closing it early stops the writer. */
    public InputStream source() {
        return source;
    }

    /** The writer wrote all its bytes: the reader reads to their end, then gets end of stream. */
    public synchronized void end() {
        if (writerFailure == null) {
            written = true;
            notifyAll();
        }
    }

    /** The writer failed: the reader's next read throws this as its cause. */
    public synchronized void fail(Throwable failure) {
        if (!written && writerFailure == null) {
            writerFailure = failure;
            notifyAll();
        }
    }

    /**
     * Something beside both ends failed (the dump the archive waits for): the writer's next write throws {@link Broken}
     * and the reader's next read {@link WriterFailed}, both naming {@code failure}, without the bytes still in the pipe.
     */
    public synchronized void cancel(Throwable failure) {
        if (!written && writerFailure == null) {
            length = 0;
            fail(failure);
        }
    }

    /** The reader gave up because of {@code failure}: the writer's next write throws, naming it. */
    public synchronized void abandon(Throwable failure) {
        if (readerFailure == null) {
            readerFailure = failure;
        }
        readerClosed = true;
        notifyAll();
    }

    /** The writer's failure when it was only that the reader stopped reading. */
    public static final class Broken extends IOException {
        Broken(Throwable readerFailure) {
            super("the reader of the pipe stopped" + (readerFailure == null ? "" : ": " + readerFailure.getMessage()), readerFailure);
        }
    }

    /** The reader's failure when the writer failed: the writer's own failure is its cause. */
    public static final class WriterFailed extends IOException {
        WriterFailed(Throwable writerFailure) {
            super(writerFailure.getMessage(), writerFailure);
        }
    }

    /** True when {@code failure} only echoes the other side's (a pipe's {@link Broken} or {@link WriterFailed}). */
    public static boolean echo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Broken || t instanceof WriterFailed) {
                return true;
            }
        }
        return false;
    }

    private synchronized void put(byte[] bytes, int offset, int count) throws IOException {
        while (count > 0) {
            while (length == ring.length && !readerClosed && writerFailure == null) {
                await();
            }
            if (readerClosed || writerFailure != null) { // the reader gave up, or the pipe was cancelled
                throw new Broken(readerClosed ? readerFailure : writerFailure);
            }
            int end = (start + length) % ring.length;
            int n = Math.min(count, Math.min(ring.length - length, ring.length - end));
            System.arraycopy(bytes, offset, ring, end, n);
            length += n;
            offset += n;
            count -= n;
            notifyAll();
        }
    }

    private synchronized int take(byte[] bytes, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        while (length == 0 && !written && writerFailure == null && !readerClosed) {
            await();
        }
        if (readerClosed) {
            throw new IOException("the pipe was closed");
        }
        if (length == 0) {
            if (writerFailure != null) {
                throw new WriterFailed(writerFailure);
            }
            return -1;
        }
        int n = Math.min(count, Math.min(length, ring.length - start));
        System.arraycopy(ring, start, bytes, offset, n);
        start = (start + n) % ring.length;
        length -= n;
        notifyAll();
        return n;
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            put(bytes, offset, count);
        }

    }

    private final class Source extends InputStream {
        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            return take(bytes, offset, count);
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                if (!written || length > 0) {
                    abandon(null);
                }
            }
        }
    }
}
