package io.odoobackup.storage.local;

import io.odoobackup.storage.Keys;
import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/** Keys as files below the folder: written 0600 under a partial name, flushed to disk, then renamed into place. */
final class LocalStorage implements Storage {

    private final Folder folder;
    private volatile FileChannel writing;

    LocalStorage(Folder folder) {
        this.folder = folder;
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        Path file = folder.file(key);
        Path partial = folder.file(Keys.partial(key));
        folder.createFolders(file.getParent());
        try {
            Files.deleteIfExists(partial);
            try (FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                writing = channel;
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = data.read(buffer)) > 0; ) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            writing = null;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(folder.file(key), LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ObjectMissing(key);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        try {
            SeekableByteChannel channel = Files.newByteChannel(folder.file(key), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return Channels.newInputStream(channel.position(offset));
        } catch (NoSuchFileException e) {
            throw new ObjectMissing(key);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(Files.readAttributes(folder.file(key), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size());
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Files.deleteIfExists(folder.file(Keys.partial(key)));
        return Files.deleteIfExists(folder.file(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path dir = folder.file(prefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Keys.isLeftover(p.getFileName().toString()))
                    .map(p -> prefix + "/" + dir.relativize(p).toString().replace('\\', '/')).toList();
        }
    }

    @Override
    public int clean(String prefix, Instant before) throws IOException {
        Path dir = folder.file(prefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(dir)) {
            leftovers = files.filter(p -> Keys.isLeftover(p.getFileName().toString()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> modifiedBefore(p, before)).toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        return leftovers.size();
    }

    @Override
    public void close() throws IOException {
        FileChannel channel = writing;
        if (channel != null) {
            channel.close(); // aborts a write that hangs (a stalled network file system)
        }
    }

    private static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before);
        } catch (IOException gone) {
            return false;
        }
    }
}
