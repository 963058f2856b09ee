package io.odoobackup.environment;

import io.odoobackup.platform.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The connection an exec's stream runs on: a Unix socket or TCP (a socket channel), or TCP inside mutual TLS (an SSL
 * socket layered on a plain one). Reading and writing may go on at once from two threads; {@link #endOutput} tells
 * the command its input ended (a half close: for TLS, close_notify); {@link #close} from any thread ends both
 * directions at once, a blocked read included (the plain socket under TLS is closed).
 */
abstract class ExecConnection implements AutoCloseable {

    abstract InputStream input();

    abstract OutputStream output();

    abstract void endOutput() throws IOException;

    @Override
    public abstract void close();

    static ExecConnection open(URI url, SSLContext tls, int connectTimeoutMs) throws IOException {
        if ("unix".equals(url.getScheme())) {
            return new Channel(SocketChannel.open(UnixDomainSocketAddress.of(url.getPath())));
        }
        int port = url.getPort() > 0 ? url.getPort() : tls == null ? 2375 : 2376;
        if (tls == null) {
            SocketChannel channel = SocketChannel.open();
            channel.socket().connect(new InetSocketAddress(url.getHost(), port), connectTimeoutMs);
            return new Channel(channel);
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(url.getHost(), port), connectTimeoutMs);
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, url.getHost(), port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the server's certificate must name this host
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return new Tls(plain, secure);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * A socket channel, read straight: the streams of java.nio.channels.Channels share one lock, so a read waiting for
     * output would keep the writer of stdin out for ever.
     */
    private static final class Channel extends ExecConnection {

        private final SocketChannel channel;
        private final InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                return Streams.readOne(this);
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        };

        Channel(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        InputStream input() {
            return in;
        }

        @Override
        OutputStream output() {
            return out;
        }

        @Override
        void endOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is how a stalled or finished stream is let go
            }
        }
    }

    private static final class Tls extends ExecConnection {

        private final Socket plain;
        private final SSLSocket secure;

        Tls(Socket plain, SSLSocket secure) {
            this.plain = plain;
            this.secure = secure;
        }

        @Override
        InputStream input() {
            try {
                return secure.getInputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        OutputStream output() {
            try {
                return secure.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void endOutput() throws IOException {
            secure.shutdownOutput();
        }

        @Override
        public void close() {
            try {
                plain.close(); // the SSL socket's own close could wait for a read going on in another thread
            } catch (IOException ignored) {
                // closing is how a stalled or finished stream is let go
            }
        }
    }
}
