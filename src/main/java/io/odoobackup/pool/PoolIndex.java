package io.odoobackup.pool;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * filestore.index (docs/api.md §15): one line per file of the backup, {@code <sha1> <size> <path>}, the path relative to
 * the filestore. A backslash and a line break in a path are written {@code \\} and {@code \n}, so that every line is one
 * file. Read back, a line must name a path below the filestore: never absolute, never through "..".
 */
public final class PoolIndex {

    /** Odoo's own layout of a file: its SHA-1 under a folder of the SHA-1's first two characters. */
    private static final Pattern ODOO_NAME = Pattern.compile("([0-9a-f]{2})/(\\1[0-9a-f]{38})");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    private PoolIndex() {
    }

    /** One file of a backup's filestore. */
    public record Entry(String sha1, long size, String path) {

        public Entry {
            if (!SHA1.matcher(sha1).matches() || size < 0 || !safe(path)) {
                throw new IllegalArgumentException("not a file of a filestore: " + sha1 + " " + size + " " + path);
            }
        }

        /** The line of filestore.index, without its line break. */
        public String line() {
            return sha1 + " " + size + " " + path.replace("\\", "\\\\").replace("\n", "\\n");
        }
    }

    /** A filestore.index read file by file; a line that is not one fails, naming its number. */
    public static final class Lines implements Closeable {
        private final BufferedReader in;
        private long number;

        public Lines(InputStream index) {
            this.in = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
        }

        /** The next file, or null at the index's end. */
        public Entry next() throws IOException {
            String line = in.readLine();
            return line == null ? null : parse(line, ++number);
        }

        /** The next files, at most {@code max} of them; empty at the index's end. */
        public List<Entry> next(int max) throws IOException {
            List<Entry> batch = new ArrayList<>();
            for (Entry entry; batch.size() < max && (entry = next()) != null; ) {
                batch.add(entry);
            }
            return batch;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The file of a line of filestore.index; a line that is not one fails, naming its number. */
    public static Entry parse(String line, long number) {
        String[] parts = line.split(" ", 3);
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("it has no path");
            }
            return new Entry(parts[0], Long.parseLong(parts[1]), unescape(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filestore.index line " + number + " is not '<sha1> <size> <path>': " + e.getMessage());
        }
    }

    /** The SHA-1 Odoo named a file by, when its path is Odoo's {@code <sha1[0:2]>/<sha1>}; else null (read it to know). */
    public static String odooSha1(String path) {
        var m = ODOO_NAME.matcher(path);
        return m.matches() ? m.group(2) : null;
    }

    /** A new SHA-1 digest: a pool file's name, as Odoo's. */
    public static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path below the filestore: relative, no empty, "." or ".." part, no NUL. */
    static boolean safe(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String escaped) {
        StringBuilder path = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                path.append(c);
                continue;
            }
            char next = ++i < escaped.length() ? escaped.charAt(i) : ' ';
            switch (next) {
                case '\\' -> path.append('\\');
                case 'n' -> path.append('\n');
                default -> throw new IllegalArgumentException("its path has a backslash that is not \\\\ or \\n");
            }
        }
        return path.toString();
    }
}
