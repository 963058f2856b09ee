package io.odoobackup.storage;

/**
 * What an upload handed to storage: its size, and the SHA-256 of the bytes as sent when they are not the caller's
 * own (ciphertext made on the way); null then means the caller's bytes went as they were.
 */
public record SentBytes(long size, String checksum) {
}
