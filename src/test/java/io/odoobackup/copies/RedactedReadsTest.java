package io.odoobackup.copies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.odoobackup.storage.StorageConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stored object read for a client fails with the storage's own words, its secrets taken out, and no cause kept. */
class RedactedReadsTest {

    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    private static final StorageConfig CONFIG = new StorageConfig("sc-1", "org-a", "Main", "s3", Map.of(),
            Map.of("secret_access_key", SECRET));

    /** Gives its bytes, then fails as told. */
    private static InputStream failingAfter(byte[] bytes, RuntimeException unchecked, IOException checked) {
        return new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(bytes);

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    return b;
                }
                if (unchecked != null) {
                    throw unchecked;
                }
                throw checked;
            }
        };
    }

    @Test
    void aCheckedFailureKeepsItsWordsWithoutTheSecret() throws IOException {
        InputStream in = new RedactedReads(failingAfter(new byte[] {1, 2}, null,
                new IOException("signature mismatch for key " + SECRET)), CONFIG);
        assertThat(in.read()).isEqualTo(1);
        assertThat(in.read(new byte[1], 0, 1)).isEqualTo(1);
        IOException failed = catchThrowableOfType(IOException.class, () -> in.read(new byte[8], 0, 8));
        assertThat(failed.getMessage()).startsWith("IOException: signature mismatch for key ").doesNotContain(SECRET);
        assertThat(failed.getCause()).isNull();
    }

    @Test
    void anUncheckedFailureDeepInAChainBecomesAnIoExceptionWithoutTheSecret() {
        RuntimeException sdk = new IllegalStateException("request failed",
                new UncheckedIOException(new IOException("connection to https://" + SECRET + "@s3.example reset")));
        InputStream in = new RedactedReads(failingAfter(new byte[0], sdk, null), CONFIG);
        IOException failed = catchThrowableOfType(IOException.class, in::read);
        assertThat(failed.getMessage()).contains("IOException: connection to https://").contains("reset").doesNotContain(SECRET);
        assertThat(failed.getCause()).isNull();
    }
}
