package io.odoobackup.platform;

import java.io.IOException;
import java.io.InputStream;

/** What every stream of this service that works in blocks has in common. */
public final class Streams {

    private Streams() {
    }

    /** {@link InputStream#read()} of a stream whose block read does the work (checks, decryption, counting). */
    public static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
