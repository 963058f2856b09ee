package io.odoobackup.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrowingFileTest {

    /** The reader gets the first half while the writer still waits to write the second, then all of it, then the end. */
    @Test
    void bytesArriveWhileTheFileIsWrittenAndTheEndOnlyOnceItIsDone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump");
        byte[] data = new byte[3_000_000];
        new Random(7).nextBytes(data);
        CompletableFuture<Void> written = new CompletableFuture<>();
        CountDownLatch firstHalfRead = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(data, 0, data.length / 2);
                out.flush();
                // the second half only once the reader has the first: it cannot have waited for the end
                if (!firstHalfRead.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the reader never got the first half");
                }
                out.write(data, data.length / 2, data.length - data.length / 2);
            } catch (Exception e) {
                written.completeExceptionally(e);
                return;
            }
            written.complete(null);
        });
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = new GrowingFile(file, written, "the test's writer", 0)) {
            writer.start(); // after the reader exists: the file does not yet
            byte[] buffer = new byte[65_536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
                if (read.size() >= data.length / 2) {
                    firstHalfRead.countDown();
                }
            }
        }
        assertThat(written).isCompleted();
        assertThat(read.toByteArray()).isEqualTo(data);
    }

    @Test
    void theWritersFailureIsTheReadersAsItWasThrown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump");
        Files.write(file, new byte[1000]);
        CompletableFuture<Void> written = new CompletableFuture<>();
        IllegalStateException failure = new IllegalStateException("pg_dump failed (exit code 1)");
        try (InputStream in = new GrowingFile(file, written, "the database dump", 0)) {
            assertThat(in.readNBytes(1000)).hasSize(1000);
            written.completeExceptionally(failure);
            assertThatThrownBy(in::read).isSameAs(failure);
        }
    }

    @Test
    void aWriterDoneWithoutItsFileIsAnError(@TempDir Path dir) throws Exception {
        try (InputStream in = new GrowingFile(dir.resolve("never"), CompletableFuture.completedFuture(null), "the database dump", 0)) {
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("the database dump ended without writing");
        }
    }

    /** What comes while the writer works, then the rest read apart from where the copy stopped: the file, whole. */
    @Test
    void aCopyWhileWrittenAndTheRestReadApartMakeTheWholeFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dump");
        byte[] data = new byte[500_000];
        new Random(3).nextBytes(data);
        CompletableFuture<Void> written = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < data.length; i += 50_000) {
                    out.write(data, i, 50_000);
                    out.flush();
                    Thread.sleep(30);
                }
            } catch (Exception e) {
                written.completeExceptionally(e);
                return;
            }
            written.complete(null);
        });
        writer.start();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        long copied;
        try (GrowingFile following = new GrowingFile(file, written, "the test's writer", 0)) {
            copied = following.copyWhileWritten(whole);
        }
        assertThat(written).isCompleted();
        assertThat(copied).isEqualTo(whole.size()).isPositive();
        try (InputStream rest = new GrowingFile(file, written, "the test's writer", copied)) {
            rest.transferTo(whole);
        }
        assertThat(whole.toByteArray()).isEqualTo(data);
        // the writer was done before the copy began: it leaves everything to the rest
        try (GrowingFile late = new GrowingFile(file, written, "the test's writer", 0)) {
            assertThat(late.copyWhileWritten(OutputStream.nullOutputStream())).isZero();
        }
    }
}
