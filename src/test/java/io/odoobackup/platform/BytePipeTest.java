package io.odoobackup.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pipe between an archive being written and its upload: bytes in order, and each side's failure to the other. */
class BytePipeTest {

    @Test
    void everyByteArrivesInOrderThroughASmallRing() throws Exception {
        byte[] data = new byte[3_000_001];
        new Random(1).nextBytes(data);
        BytePipe pipe = new BytePipe(4096);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Random sizes = new Random(2);
                for (int i = 0; i < data.length; ) {
                    int n = Math.min(data.length - i, 1 + sizes.nextInt(10_000));
                    pipe.sink().write(data, i, n);
                    i += n;
                }
                pipe.end();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] read = pipe.source().readAllBytes();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(Arrays.equals(read, data)).isTrue();
    }

    @Test
    void closingTheWriterIsNoEndOfTheBytes() throws Exception {
        BytePipe pipe = new BytePipe(64);
        pipe.sink().write(new byte[] {1, 2, 3});
        pipe.sink().close(); // as a try-with-resources on the writer's way out of a failure does
        IOException cause = new IOException("tar failed");
        pipe.fail(cause);
        InputStream source = pipe.source();
        assertThat(source.readNBytes(3)).containsExactly(1, 2, 3);
        assertThatThrownBy(source::read).isInstanceOf(BytePipe.WriterFailed.class).hasCause(cause)
                .satisfies(failure -> assertThat(BytePipe.echo(failure)).isTrue());
    }

    @Test
    void aReaderThatGivesUpStopsTheWriterWithItsReason() throws Exception {
        BytePipe pipe = new BytePipe(16);
        OutputStream sink = pipe.sink();
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    sink.write(new byte[100]); // blocks once the ring is full
                }
            } catch (IOException e) {
                return e;
            }
        });
        pipe.source().readNBytes(10);
        IOException storageDown = new IOException("storage down");
        pipe.abandon(storageDown);
        Throwable stopped = writer.get(10, TimeUnit.SECONDS);
        assertThat(stopped).isInstanceOf(BytePipe.Broken.class).hasCause(storageDown).hasMessageContaining("storage down");
        assertThat(BytePipe.echo(stopped)).isTrue();
        assertThat(BytePipe.echo(storageDown)).isFalse();
    }

    @Test
    void aReaderClosedEarlyStopsTheWriter() throws Exception {
        BytePipe pipe = new BytePipe(16);
        pipe.sink().write(new byte[16]);
        pipe.source().close();
        assertThatThrownBy(() -> pipe.sink().write(1)).isInstanceOf(BytePipe.Broken.class);
    }

    @Test
    void aCancelStopsBothEndsAtOnceNamingWhyWithoutTheBytesStillInThePipe() throws Exception {
        BytePipe pipe = new BytePipe(16);
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try {
                while (true) {
                    pipe.sink().write(new byte[100]); // blocks once the ring is full
                }
            } catch (IOException e) {
                return e;
            }
        });
        IOException dumpFailed = new IOException("pg_dump failed");
        Thread.sleep(100);
        pipe.cancel(dumpFailed);
        assertThat(writer.get(10, TimeUnit.SECONDS)).isInstanceOf(BytePipe.Broken.class).hasCause(dumpFailed);
        assertThatThrownBy(() -> pipe.source().read(new byte[8])).isInstanceOf(BytePipe.WriterFailed.class).hasCause(dumpFailed);
        assertThat(BytePipe.echo(writer.get())).isTrue();
    }
}
