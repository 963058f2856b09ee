package io.odoobackup.platform;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as the records and manifests write it: {@code sha256:<64 hex>}. */
public final class Sha256 {

    private Sha256() {
    }

    /** A new digest; every JVM has SHA-256, so its absence is no checked case. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest so far, as {@code sha256:<hex>} (the digest is reset). */
    public static String checksum(MessageDigest digest) {
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }
}
