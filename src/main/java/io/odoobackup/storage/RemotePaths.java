package io.odoobackup.storage;

/** Keys below an absolute base folder on an FTP or SFTP server. */
public final class RemotePaths {

    private RemotePaths() {
    }

    /** base + "/" + key, for a base such as "/" or "/srv/backups/". */
    public static String join(String base, String key) {
        String trimmed = base.replaceAll("/+$", "");
        return trimmed + "/" + Keys.check(key);
    }

    /** The folder of a path ("/a/b" for "/a/b/c.zip"; "/" for "/c.zip"). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The last segment of a path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
