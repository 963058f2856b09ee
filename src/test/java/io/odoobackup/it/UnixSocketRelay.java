package io.odoobackup.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Unix socket that relays to another one (the Docker Engine's), for a test that makes the engine unreachable:
 * {@link #cut()} ends every connection and removes the socket, {@link #restore()} listens again.
 */
final class UnixSocketRelay implements AutoCloseable {

    private final Path path;
    private final Path target;
    private final Set<SocketChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile ServerSocketChannel server;

    UnixSocketRelay(Path path, Path target) throws IOException {
        this.path = path;
        this.target = target;
        restore();
    }

    void restore() throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listening.bind(UnixDomainSocketAddress.of(path));
        server = listening;
        Thread acceptor = new Thread(() -> {
            while (listening.isOpen()) {
                try {
                    SocketChannel client = listening.accept();
                    SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
                    channels.add(client);
                    channels.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        }, "unix-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void cut() throws IOException {
        server.close();
        Files.deleteIfExists(path);
        for (SocketChannel channel : channels) {
            channel.close();
        }
        channels.clear();
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // a side closed: the pair ends
            }
        }, "unix-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }
}
