package io.odoobackup.storage;

import io.odoobackup.platform.Stalled;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Says in a few words why a storage operation failed: refused by the egress rule, unreachable, stalled,
 * missing. Drivers add their own words (credentials, buckets, host keys) before falling back to these.
 */
public final class StorageErrors {

    private StorageErrors() {
    }

    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageFailed || t instanceof Egress.Refused || t instanceof Stalled || t instanceof FileNotFoundException) {
                return t.getMessage();
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "cannot connect: " + t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (t instanceof SSLException) {
                return "the TLS connection failed: " + t.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getClass() == IOException.class && root.getMessage() != null) {
            return root.getMessage().strip(); // the drivers' own words
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
    }
}
