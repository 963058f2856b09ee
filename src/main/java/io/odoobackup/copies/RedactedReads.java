package io.odoobackup.copies;

import io.odoobackup.platform.Causes;
import io.odoobackup.storage.StorageConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stored object read for a client: a failure while reading says what went wrong (the deepest cause, as
 * {@link Causes#describe}) with the configuration's secrets taken out, and carries no cause that could still hold one.
 * Whoever answers the client (the download's writer) can then log and show it as it is.
 */
final class RedactedReads extends FilterInputStream {

    private final StorageConfig config;

    RedactedReads(InputStream in, StorageConfig config) {
        super(in);
        this.config = config;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw redacted(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw redacted(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw redacted(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            throw redacted(e);
        }
    }

    private IOException redacted(Exception e) {
        return new IOException(config.redact(Causes.describe(e)));
    }
}
