package io.odoobackup.archive;

import io.odoobackup.platform.Futures;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

/**
 * Raw deflate on every core, as pigz does it: the input is cut into blocks that are compressed side by side, each
 * primed with the last 32 KiB of the one before and ended by a sync flush, so that their outputs joined in order
 * are one valid deflate stream. Each 128 KiB of a block is encoded as costs least for its size: bytes that do not
 * shrink (JPEG, PDF, ZIP in a filestore) are stored, as deflate spends a core's second on 50 MB of such data to save
 * nothing; bytes whose repeats gain nothing over Huffman codes alone (base64, hex) get those, several times faster.
 * Memory: at most {@code inFlight} blocks in and out.
 */
public final class ParallelDeflater extends OutputStream {

    static final int BLOCK = 1 << 20;
    /** Room for any block deflated: zlib's bound for a megabyte is a few hundred bytes more. */
    private static final int OUTPUT = BLOCK + BLOCK / 100 + 64;
    private static final int WINDOW = 32 * 1024;
    /** The unit a block's encoding is chosen for, as pigz's blocks. */
    private static final int SEGMENT = 128 * 1024;
    private static final int SAMPLE = 8 * 1024;
    /** Bytes above this entropy (bits a byte) are stored: compressed data sits at 7.9 and more. */
    private static final double INCOMPRESSIBLE_BITS = 7.8;
    /** Huffman codes alone are used when they come within this factor of what level 1 makes of the sample. */
    private static final double HUFFMAN_ENOUGH = 1.02;

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int inFlight;
    private final ArrayDeque<Future<Deflated>> pending = new ArrayDeque<>();
    // blocks and outputs are used again: a megabyte array is a humongous object to G1 in a small heap, and a new one
    // per block kept its concurrent marking busy
    private final ArrayDeque<byte[]> spareBlocks = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spareOutputs = new ArrayDeque<>();
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

    /** A block's input (to be used again), and its deflated bytes. */
    private record Deflated(byte[] input, byte[] output, int size) {
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionary = window;
        window = length >= WINDOW ? Arrays.copyOfRange(input, length - WINDOW, length) : null;
        byte[] output = spareOutputs.isEmpty() ? new byte[OUTPUT] : spareOutputs.pop();
        pending.add(pool.submit(() -> deflate(input, length, dictionary, last, output)));
        block = last ? null : spareBlocks.isEmpty() ? new byte[BLOCK] : spareBlocks.pop();
        filled = 0;
        if (pending.size() >= inFlight) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        Deflated deflated = Futures.await(pending.removeFirst(), "compressing");
        out.write(deflated.output(), 0, deflated.size());
        spareBlocks.push(deflated.input());
        if (deflated.output().length == OUTPUT) {
            spareOutputs.push(deflated.output());
        }
    }

    /**
     * A block in segments of {@link #SEGMENT} bytes, each encoded as it is best (a block often holds the end of one file
     * and the start of another), each ended by a sync flush and the next primed with the 32 KiB before it.
     */
    private Deflated deflate(byte[] input, int length, byte[] dictionary, boolean last, byte[] buffer) {
        byte[] output = buffer;
        int size = 0;
        int from = 0;
        do {
            int n = Math.min(SEGMENT, length - from);
            boolean end = last && from + n == length;
            Kind kind = kind(input, from, n);
            Deflater deflater = new Deflater(kind == Kind.INCOMPRESSIBLE ? Deflater.NO_COMPRESSION : level, true);
            try {
                if (kind == Kind.HUFFMAN) {
                    deflater.setStrategy(Deflater.HUFFMAN_ONLY);
                } else if (kind == Kind.TEXT && from >= WINDOW) { // only repeats refer back
                    deflater.setDictionary(input, from - WINDOW, WINDOW);
                } else if (kind == Kind.TEXT && dictionary != null) {
                    deflater.setDictionary(dictionary);
                }
                deflater.setInput(input, from, n);
                if (end) {
                    deflater.finish();
                }
                while (true) {
                    size += deflater.deflate(output, size, output.length - size, end ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                    // a flush is whole once all input is taken and it left space unused (the JDK's first call after a
                    // new strategy only applies it, taking and giving nothing)
                    if (end ? deflater.finished() : deflater.needsInput() && size < output.length) {
                        break;
                    }
                    if (size == output.length) {
                        output = Arrays.copyOf(output, output.length * 2);
                    }
                }
            } finally {
                deflater.end();
            }
            from += n;
        } while (from < length);
        return new Deflated(input, output, size);
    }

    /** How a segment is best encoded. */
    private enum Kind {
        /** Repeats to find (text, SQL, XML): deflate at the level asked. */
        TEXT,
        /** Few repeats but a skewed alphabet (base64, hex): Huffman codes alone, several times faster and as small. */
        HUFFMAN,
        /** Nothing to gain (JPEG, PDF, ZIP): stored. */
        INCOMPRESSIBLE
    }

    /**
     * Its bytes' entropy first (a histogram costs next to nothing): near 8 bits a byte nothing shrinks it. Otherwise a
     * sample from its middle deflated at level 1 against what Huffman codes alone would make of that sample.
     */
    private Kind kind(byte[] input, int from, int length) {
        if (level == Deflater.NO_COMPRESSION || length < 2 * SAMPLE) {
            return Kind.TEXT;
        }
        if (entropyBits(input, from, length) > INCOMPRESSIBLE_BITS) {
            return Kind.INCOMPRESSIBLE;
        }
        int sample = from + length / 2 - SAMPLE / 2;
        double huffman = entropyBits(input, sample, SAMPLE) / 8 * SAMPLE;
        return sampled(input, sample) * HUFFMAN_ENOUGH >= huffman ? Kind.HUFFMAN : Kind.TEXT;
    }

    /** Shannon entropy of the bytes, in bits a byte. */
    private static double entropyBits(byte[] input, int from, int length) {
        int[] counts = new int[256];
        for (int i = from; i < from + length; i++) {
            counts[input[i] & 0xff]++;
        }
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                bits -= p * Math.log(p);
            }
        }
        return bits / Math.log(2);
    }

    private static int sampled(byte[] input, int offset) {
        Deflater probe = new Deflater(Deflater.BEST_SPEED, true);
        try {
            probe.setInput(input, offset, SAMPLE);
            probe.finish();
            byte[] sink = new byte[SAMPLE + 1024];
            int size = 0;
            while (!probe.finished()) {
                size += probe.deflate(sink, size, sink.length - size);
            }
            return size;
        } finally {
            probe.end();
        }
    }
}
