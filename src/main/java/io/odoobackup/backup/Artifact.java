package io.odoobackup.backup;

import java.nio.file.Path;

/** Bytes a backup wrote (a file at path, or an archive entry: no path), with the size, SHA-256 and CRC-32 computed while they flowed. */
public record Artifact(Path path, long size, String sha256Hex, long crc32) {

    /** The contract's checksum notation. */
    public String checksum() {
        return "sha256:" + sha256Hex;
    }
}
