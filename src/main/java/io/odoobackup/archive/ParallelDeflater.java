package io.odoobackup.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

/**
 * Raw deflate on every core, as pigz does it: the input is cut into blocks that are compressed side by side, each
 * primed with the last 32 KiB of the one before and ended by a sync flush, so that their outputs joined in order
 * are one valid deflate stream. A block whose sample does not shrink (JPEG, PDF, ZIP in a filestore) is stored: deflate
 * spends a core's second on 50 MB of such data to save nothing. Memory: at most {@code inFlight} blocks in and out.
 */
public final class ParallelDeflater extends OutputStream {

    static final int BLOCK = 1 << 20;
    private static final int WINDOW = 32 * 1024;
    private static final int SAMPLE = 32 * 1024;
    /** A sample that deflates to more than this share of itself marks its block as incompressible. */
    private static final double INCOMPRESSIBLE = 0.97;

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int inFlight;
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] window;
    private boolean finished;

    ParallelDeflater(OutputStream out, int level, ExecutorService pool, int inFlight) {
        this.out = out;
        this.level = level;
        this.pool = pool;
        this.inFlight = inFlight;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, BLOCK - filled);
            System.arraycopy(bytes, offset, block, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    /** Ends the deflate stream (its final block) and writes all of it; the stream below stays open. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            submit(true);
            while (!pending.isEmpty()) {
                writeNext();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            pending.forEach(f -> f.cancel(true));
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionary = window;
        window = length >= WINDOW ? Arrays.copyOfRange(input, length - WINDOW, length) : null;
        pending.add(pool.submit(() -> deflate(input, length, dictionary, last)));
        block = last ? null : new byte[BLOCK];
        filled = 0;
        if (pending.size() >= inFlight) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        try {
            out.write(pending.removeFirst().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("compression interrupted");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    private byte[] deflate(byte[] input, int length, byte[] dictionary, boolean last) {
        Deflater deflater = new Deflater(incompressible(input, length) ? Deflater.NO_COMPRESSION : level, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input, 0, length);
            if (last) {
                deflater.finish();
            }
            byte[] output = new byte[length + length / 100 + 64];
            int size = 0;
            while (true) {
                int n = deflater.deflate(output, size, output.length - size, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                size += n;
                boolean done = last ? deflater.finished() : size < output.length; // a flush that filled the space has more
                if (done) {
                    return size == output.length ? output : Arrays.copyOf(output, size);
                }
                if (size == output.length) {
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
        } finally {
            deflater.end();
        }
    }

    /** Judged by two samples, its start and its middle: a block may hold the end of one file and the start of another. */
    private boolean incompressible(byte[] input, int length) {
        return level != Deflater.NO_COMPRESSION && length >= 4 * SAMPLE
                && sampleIncompressible(input, 0) && sampleIncompressible(input, length / 2);
    }

    private static boolean sampleIncompressible(byte[] input, int offset) {
        Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
        try {
            probe.setInput(input, offset, SAMPLE);
            probe.finish();
            byte[] sink = new byte[SAMPLE + 1024];
            int size = 0;
            while (!probe.finished()) {
                size += probe.deflate(sink, size, sink.length - size);
            }
            return size > SAMPLE * INCOMPRESSIBLE;
        } finally {
            probe.end();
        }
    }
}
