package io.odoobackup.storage;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Object keys as every driver takes them: relative, '/'-separated segments of letters, digits, '_', '.' and
 * '-', none of them '.' or '..' nor starting with '-'. Keys are built by the service from checked ids; this is
 * the last check before a key meets a path, a command or a URL.
 */
public final class Keys {

    /** Where an upload is written before it is renamed into place (files and folders). */
    public static final String PARTIAL = ".partial-";
    /** What the connection test writes, reads back and deletes. */
    public static final String PROBE = ".odoo-backup-probe-";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}");

    private Keys() {
    }

    public static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024 || key.startsWith("/") || key.endsWith("/")
                || !Arrays.stream(key.split("/", -1)).allMatch(s -> SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals(".."))) {
            throw new IllegalArgumentException("Not a storage key: " + key);
        }
        return key;
    }

    /** The name an upload to {@code key} is written under, in the same folder. */
    public static String partial(String key) {
        int slash = key.lastIndexOf('/');
        return key.substring(0, slash + 1) + PARTIAL + key.substring(slash + 1);
    }

    /** A file this service leaves only when it was interrupted. */
    public static boolean isLeftover(String name) {
        return name.startsWith(PARTIAL) || name.startsWith(PROBE);
    }

    /** The last segment of a key: the object's file name. */
    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
