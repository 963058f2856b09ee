package io.odoobackup.storage;

import io.odoobackup.platform.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Streams of any size made on the fly (nothing held in memory), and a digest to compare what comes back. */
public final class TestStreams {

    private TestStreams() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    public static InputStream pattern(long size, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    /** A source that breaks after {@code good} bytes, as a disk or a dump does. */
    public static InputStream failingAfter(long good) {
        InputStream source = pattern(Long.MAX_VALUE, 7);
        return new InputStream() {
            private long passed;

            @Override
            public int read() throws IOException {
                return Streams.readOne(this);
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (passed >= good) {
                    throw new IOException("the source broke after " + good + " bytes");
                }
                int n = source.read(buffer, offset, (int) Math.min(length, good - passed));
                passed += n;
                return n;
            }
        };
    }

    /** The source, running {@code action} once {@code after} bytes have been read from it. */
    public static InputStream onceRead(InputStream source, long after, Runnable action) {
        return new java.io.FilterInputStream(source) {
            private long passed;
            private boolean done;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                passed += Math.max(0, n);
                if (!done && passed >= after) {
                    done = true;
                    action.run();
                }
                return n;
            }
        };
    }

    public static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
