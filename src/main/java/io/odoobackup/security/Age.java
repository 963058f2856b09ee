package io.odoobackup.security;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.odoobackup.platform.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age format (age-encryption.org/v1) with X25519 recipients, as streams: what the standard {@code age} tool
 * reads and writes. Encryption is pulled by the reader of the ciphertext (no thread, no pipe): each read encrypts
 * the next piece of plaintext.
 */
public final class Age {

    /** A recipient as age prints it: "age1" and 58 bech32 characters. */
    public static final Pattern RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");
    private static final long CHUNK = 64 * 1024;
    // "age-encryption.org/v1\n", one "-> X25519 …\n…\n" stanza per recipient, "--- <mac>\n", the payload nonce
    private static final long HEADER = 22;
    private static final long STANZA = 98;
    private static final long MAC_LINE = 48;
    private static final long NONCE = 16;
    private static final long TAG = 16;

    private Age() {
    }

    /** A new identity: [recipient, identity] (the identity is the secret "AGE-SECRET-KEY-1…"). */
    public static String[] newIdentity() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new String[] {pair.getPublic().toString(), pair.getPrivate().toString()};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 key generation is not available", e);
        }
    }

    /** The recipient of an identity ("AGE-SECRET-KEY-1…" to "age1…"), as {@code age-keygen -y} prints it. */
    public static String recipientOf(String identity) {
        try {
            return new X25519KeyFactory().translateKey(new SecretKeySpec(identity.getBytes(StandardCharsets.US_ASCII), "X25519"))
                    .toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an age X25519 identity", e);
        }
    }

    /** How many bytes {@code plain} bytes take in the age format for that many recipients: an upload must say so first. */
    public static long encryptedSize(long plain, int recipients) {
        long chunks = Math.max(1, (plain + CHUNK - 1) / CHUNK);
        return HEADER + STANZA * recipients + MAC_LINE + NONCE + plain + TAG * chunks;
    }

    /** The ciphertext of {@code plain} for the recipients, made as it is read. */
    public static InputStream encrypting(InputStream plain, List<String> recipients) throws IOException {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        try {
            for (String recipient : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
            }
            Sink sink = new Sink();
            WritableByteChannel channel = new StandardEncryptingChannelFactory().newEncryptingChannel(Channels.newChannel(sink), writers);
            return new Encrypting(plain, channel, sink);
        } catch (GeneralSecurityException e) {
            throw new IOException("age encryption failed: " + e.getMessage(), e);
        }
    }

    /** The plaintext of an age ciphertext for one of the identities; a changed byte fails the read. */
    public static InputStream decrypting(InputStream cipher, List<String> identities) throws IOException {
        List<RecipientStanzaReader> readers = new ArrayList<>();
        try {
            for (String identity : identities) {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity));
            }
            return Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(cipher), readers));
        } catch (GeneralSecurityException e) {
            throw new IOException("the backup cannot be decrypted with this organization's keys (" + e.getMessage()
                    + "): it is damaged, or was encrypted for other recipients", e);
        }
    }

    /** Collects what the encrypting channel writes, to be handed out by {@link Encrypting#read}. */
    private static final class Sink extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }

    private static final class Encrypting extends InputStream {
        private final InputStream plain;
        private final WritableByteChannel channel;
        private final Sink sink;
        private final byte[] piece = new byte[(int) CHUNK];
        private int position;
        private boolean ended;

        Encrypting(InputStream plain, WritableByteChannel channel, Sink sink) {
            this.plain = plain;
            this.channel = channel;
            this.sink = sink;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position == sink.size()) {
                if (ended) {
                    return -1;
                }
                sink.reset();
                position = 0;
                int n = plain.read(piece);
                if (n < 0) {
                    channel.close(); // writes the final chunk
                    ended = true;
                } else {
                    channel.write(ByteBuffer.wrap(piece, 0, n));
                }
            }
            int n = Math.min(length, sink.size() - position);
            System.arraycopy(sink.bytes(), position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }
    }
}
