package io.odoobackup.backup;

import io.odoobackup.platform.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * A file or stream being written that counts its bytes and computes SHA-256 and CRC-32 as they pass; an encoder
 * (raw deflate for the dump) may sit between the digests and the file.
 */
public final class Digesting extends OutputStream {

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path path;
    private final OutputStream out;
    private final MessageDigest sha256;
    private final CRC32 crc32 = new CRC32();
    private final LongConsumer progress;
    private long size;

    public Digesting(Path path) throws IOException {
        this(path, bytes -> { });
    }

    /** A file that also tells {@code progress} how many bytes it holds after each write. */
    public Digesting(Path path, LongConsumer progress) throws IOException {
        this(path, progress, UnaryOperator.identity());
    }

    public Digesting(Path path, LongConsumer progress, UnaryOperator<OutputStream> encoder) throws IOException {
        // 0600 from the first byte: the file holds an organization's data in the clear
        this(path, encoder.apply(new BufferedOutputStream(Channels.newOutputStream(Files.newByteChannel(path,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE_FILE)), 1 << 16)), progress);
    }

    /** Bytes on their way into {@code out} (an archive's entry): the artifact has no path. */
    public Digesting(OutputStream out) {
        this(null, out, bytes -> { });
    }

    private Digesting(Path path, OutputStream out, LongConsumer progress) {
        this.path = path;
        this.out = out;
        this.progress = progress;
        this.sha256 = Sha256.digest();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        sha256.update(bytes, offset, length);
        crc32.update(bytes, offset, length);
        size += length;
        progress.accept(size);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** What was written; call after close. */
    public Artifact artifact() {
        return new Artifact(path, size, HexFormat.of().formatHex(sha256.digest()), crc32.getValue());
    }
}
