package io.odoobackup.security;

import io.odoobackup.platform.StartupRefused;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generated secrets kept in BACKUP_DATA_DIR (the admin token, the key that seals stored secrets, the instance
 * id): created once, mode 0600, read back on every start. A new file is written whole under a temporary name,
 * flushed and renamed, so a crash leaves either no file or a complete one; a file shorter than what this
 * class writes was not written by it and is refused rather than used as a key.
 */
public final class KeyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    public static String readOrCreate(Path file, int randomBytes) throws IOException {
        int length = (randomBytes * 4 + 2) / 3; // unpadded base64 of randomBytes
        if (Files.exists(file)) {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.length() < length) {
                throw new StartupRefused(file + " holds " + value.length() + " characters where at least " + length
                        + " are expected: it is damaged (a first start that was killed while writing it?). If nothing was"
                        + " ever stored with it, delete it to have a new one made; otherwise restore it from a backup of " + file.getParent());
            }
            return value;
        }
        byte[] bytes = new byte[randomBytes];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        write(file, value);
        return value;
    }

    /** Puts {@code value} into {@code file} (0600) whole or not at all, surviving a power cut once it returns. */
    public static void write(Path file, String value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a power cut
        }
    }
}
