package io.odoobackup.storage.ftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Explicit FTPS whose uploads end the way TLS ends a stream. The server's TLS 1.3 session tickets sit unread on
 * an upload's data socket; closing a socket with unread bytes resets it, and a server that reads the reset before
 * the last records fails an upload that arrived whole (vsftpd: "426 Failure reading network stream", one upload in
 * six on this machine). So the upload says close_notify and reads what the server still sends until it closes.
 */
final class TlsFtpClient extends FTPSClient {

    /** How long a server may keep its side of a finished upload open before the socket is closed anyway. */
    private static final Duration LINGER = Duration.ofSeconds(5);

    private volatile Socket data;

    TlsFtpClient() {
        super(false);
    }

    @Override
    protected void _prepareDataSocket_(Socket socket) throws IOException {
        super._prepareDataSocket_(socket);
        data = socket;
    }

    /** Called once an upload's bytes are flushed and before its stream is closed. */
    void endUpload() throws IOException {
        Socket socket = data;
        data = null;
        if (!(socket instanceof SSLSocket) || socket.isClosed()) {
            return;
        }
        socket.shutdownOutput(); // close_notify: the server knows the data is whole
        socket.setSoTimeout((int) LINGER.toMillis());
        try {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (SocketTimeoutException e) {
            // the server waits for the client to close: closing is all that is left to do
        }
    }
}
