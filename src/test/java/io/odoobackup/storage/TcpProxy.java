package io.odoobackup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder between a storage client and its real server, for faults no server does on its own: it
 * can go down (every connection cut, new ones refused) or freeze (stop reading from the client) once a given
 * number of bytes have passed from it.
 */
public final class TcpProxy implements AutoCloseable {

    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile ServerSocket server;
    private volatile long freezeAfter = Long.MAX_VALUE;
    private final int port;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        accept(server);
    }

    public int port() {
        return port;
    }

    /** How many connections clients opened through the proxy. */
    public long connections() {
        return connections.get();
    }

    /** Stops reading from clients once this many bytes have come from them, counting from now. */
    public void freezeAfter(long bytes) {
        freezeAfter = sent.get() + bytes;
    }

    /** Up again on the same port, passing everything. */
    public void restore() throws IOException, InterruptedException {
        freezeAfter = Long.MAX_VALUE;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        if (server.isClosed()) {
            ServerSocket again = new ServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = again;
            accept(again);
        }
    }

    @Override
    public void close() throws IOException {
        freezeAfter = Long.MAX_VALUE;
        server.close();
        sockets.forEach(TcpProxy::closeQuietly);
    }

    /** Down at once: every connection cut, new ones refused until {@link #restore()}. */
    public void cut() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is the point
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }

    private void accept(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    connections.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client.getInputStream(), upstream.getOutputStream(), true);
                    pump(upstream.getInputStream(), client.getOutputStream(), false);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(InputStream in, OutputStream out, boolean fromClient) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    if (fromClient) {
                        long total = sent.addAndGet(n);
                        while (total >= freezeAfter) {
                            Thread.sleep(50); // the client's writes back up until it gives up
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: the pair ends
            }
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
