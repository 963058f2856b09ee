package io.odoobackup.platform;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of work done on another thread, with its failure thrown here as it was thrown there. */
public final class Futures {

    private Futures() {
    }

    /** Waits for the work; its failure is thrown as it is when it is an Exception. */
    public static <T> T join(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Waits for work on a stream ({@code what}: "sending a part"); an interrupt or a checked failure is an IOException. */
    public static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException failure) {
                throw failure;
            }
            if (cause instanceof Error failure) {
                throw failure;
            }
            throw cause instanceof IOException failure ? failure : new IOException(what + " failed: " + cause.getMessage(), cause);
        }
    }
}
