package io.odoobackup.platform;

/** The deepest cause of a failure: the words that name the real problem (a refused connection, a missing socket). */
public final class Causes {

    private Causes() {
    }

    public static Throwable deepest(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** "ConnectException: Connection refused": the deepest cause's kind and message, for a log line or a health check. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        Throwable root = deepest(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** What the deepest cause of a failure says: the words that name the real problem (a missing socket, a port). */
    public static String rootMessage(Throwable e) {
        Throwable root = deepest(e);
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
