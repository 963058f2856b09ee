package io.odoobackup.platform;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Streams that tell a listener how many bytes have passed, for progress reports. */
public final class Metered {

    private Metered() {
    }

    public static OutputStream output(OutputStream out, LongConsumer passed) {
        return new FilterOutputStream(out) {
            private long count;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                count += length;
                passed.accept(count);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    public static InputStream input(InputStream in, LongConsumer passed) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = in.read(bytes, offset, length);
                if (n > 0) {
                    count += n;
                    passed.accept(count);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    passed.accept(++count);
                }
                return b;
            }
        };
    }
}
