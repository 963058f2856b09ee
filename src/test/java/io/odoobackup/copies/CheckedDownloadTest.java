package io.odoobackup.copies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.odoobackup.platform.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckedDownloadTest {

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    private static String sha(byte[] data) {
        var digest = Sha256.digest();
        digest.update(data);
        return Sha256.checksum(digest);
    }

    /** Reads in chunks of the given size, as a response writer does; returns what arrived before any failure. */
    private static byte[] drain(InputStream in, int chunk, ByteArrayOutputStream arrived) throws IOException {
        byte[] buffer = new byte[chunk];
        for (int n; (n = in.read(buffer, 0, chunk)) >= 0; ) {
            arrived.write(buffer, 0, n);
        }
        return arrived.toByteArray();
    }

    @Test
    void theRightBytesPassWholeWhateverTheReadSize() throws IOException {
        for (int size : new int[] {0, 1, 2, 65_536, 100_003}) {
            byte[] data = bytes(size);
            for (int chunk : new int[] {1, 2, 7, 8192}) {
                List<String> mismatches = new ArrayList<>();
                byte[] got = drain(new CheckedDownload(new ByteArrayInputStream(data), sha(data), mismatches::add), chunk,
                        new ByteArrayOutputStream());
                assertThat(got).as("size %d, chunk %d", size, chunk).isEqualTo(data);
                assertThat(mismatches).isEmpty();
            }
        }
    }

    @Test
    void aChangedByteFailsOneByteShortAndIsReported() {
        for (int chunk : new int[] {1, 3, 8192}) {
            byte[] data = bytes(50_000);
            String recorded = sha(data);
            data[25_000] ^= 0x10;
            List<String> mismatches = new ArrayList<>();
            ByteArrayOutputStream arrived = new ByteArrayOutputStream();
            assertThatThrownBy(() -> drain(new CheckedDownload(new ByteArrayInputStream(data), recorded, mismatches::add), chunk, arrived))
                    .isInstanceOf(IOException.class).hasMessageContaining("broken off");
            assertThat(arrived.size()).as("chunk %d", chunk).isEqualTo(data.length - 1);
            assertThat(mismatches).containsExactly(sha(data));
        }
    }

    @Test
    void aSingleReadOfOneByteAtATimeStillHoldsTheLastBack() throws IOException {
        byte[] data = bytes(3);
        CheckedDownload in = new CheckedDownload(new ByteArrayInputStream(data), "sha256:" + "0".repeat(64), actual -> { });
        assertThat(in.read()).isEqualTo(data[0] & 0xff);
        assertThat(in.read()).isEqualTo(data[1] & 0xff);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
