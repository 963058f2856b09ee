package io.odoobackup.copies;

import io.odoobackup.platform.Sha256;
import io.odoobackup.platform.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * A whole stored object on its way to a client, checked against the SHA-256 recorded for it. Its last byte is held
 * back until the end has been read and the checksum compared: a mismatch then fails the stream one byte short, so the
 * client sees a broken transfer instead of a complete wrong file, and {@code onMismatch} hears the checksum found.
 */
public final class CheckedDownload extends InputStream {

    private static final int NONE = -2;
    private static final int END = -1;

    private final DigestInputStream in;
    private final MessageDigest sha256;
    private final String expected;
    private final Consumer<String> onMismatch;
    private int held = NONE;

    public CheckedDownload(InputStream in, String expected, Consumer<String> onMismatch) {
        this.sha256 = Sha256.digest();
        this.in = new DigestInputStream(in, sha256);
        this.expected = expected;
        this.onMismatch = onMismatch;
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (held == NONE) {
            held = in.read();
            if (held == END) {
                check();
                return -1;
            }
        }
        if (held == END) {
            return -1;
        }
        buffer[offset] = (byte) held;
        int n = length > 1 ? in.read(buffer, offset + 1, length - 1) : 0;
        if (n > 0) {
            // the last byte read is held back in its turn; the one held before goes out first
            held = buffer[offset + n] & 0xff;
            return n;
        }
        int next = n == 0 ? in.read() : END;
        if (next != END) {
            held = next;
            return 1;
        }
        held = END;
        check();
        return 1;
    }

    private void check() throws IOException {
        String actual = Sha256.checksum(sha256);
        if (!actual.equals(expected)) {
            onMismatch.accept(actual);
            throw new IOException("The stored backup is not what was stored (SHA-256 " + actual + ", expected " + expected
                    + "): the download was broken off before its end");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
