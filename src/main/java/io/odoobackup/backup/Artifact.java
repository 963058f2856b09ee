package io.odoobackup.backup;

import java.nio.file.Path;

/** A file a backup wrote, with the size, SHA-256 and CRC-32 computed while its bytes flowed. */
public record Artifact(Path path, long size, String sha256Hex, long crc32) {

    /** The contract's checksum notation. */
    public String checksum() {
        return "sha256:" + sha256Hex;
    }
}
