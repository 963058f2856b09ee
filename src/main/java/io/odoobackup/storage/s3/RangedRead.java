package io.odoobackup.storage.s3;

import io.odoobackup.platform.Futures;
import io.odoobackup.platform.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An object read in ranged GETs side by side, handed out in order: one GET stream is bound by one connection's
 * speed, several are not. Memory: the ranges in flight, each read whole.
 */
final class RangedRead extends InputStream {

    static final int RANGE = 4 << 20;
    static final int IN_FLIGHT = 4;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final long size;
    private final ExecutorService fetchers;
    private final ArrayDeque<Future<byte[]>> ahead = new ArrayDeque<>();
    private long next;
    private byte[] current = new byte[0];
    private int position;

    RangedRead(S3Client client, String bucket, String key, long size) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.size = size;
        this.fetchers = Executors.newFixedThreadPool(IN_FLIGHT, task -> {
            Thread thread = new Thread(task, "s3-range");
            thread.setDaemon(true);
            return thread;
        });
        fill();
    }

    @Override
    public int read() throws IOException {
        return Streams.readOne(this);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == current.length) {
            if (ahead.isEmpty()) {
                return -1;
            }
            current = Futures.await(ahead.removeFirst(), "reading a range");
            position = 0;
            fill();
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        fetchers.shutdownNow();
    }

    private void fill() {
        while (ahead.size() < IN_FLIGHT && next < size) {
            long from = next;
            long to = Math.min(size, from + RANGE) - 1;
            next = to + 1;
            ahead.add(fetchers.submit(() -> {
                byte[] bytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + from + "-" + to)).asByteArrayUnsafe();
                if (bytes.length != to - from + 1) {
                    throw new IOException("the storage gave " + bytes.length + " bytes for range " + from + "-" + to + " of " + key);
                }
                return bytes;
            }));
        }
    }
}
