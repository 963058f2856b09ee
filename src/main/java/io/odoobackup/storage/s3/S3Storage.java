package io.odoobackup.storage.s3;

import io.odoobackup.platform.Futures;
import io.odoobackup.storage.Keys;
import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * One S3 client on one bucket. Objects up to the part size go in one PUT, larger ones in a multipart upload of
 * parts read whole into a buffer, so that the SDK can send a part again after a transient error: one part is sent
 * while the next is read (memory: two parts per running upload). A failed multipart upload is aborted. Keys are the
 * object keys as they are.
 */
final class S3Storage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
    private static final int MAX_PARTS = 10_000;
    private static final int PARTS_PER_SIZE = 2_000;

    private final S3Client client;
    private final String bucket;
    private final boolean encrypt;
    private final String storageClass;
    private final long partSize;

    S3Storage(S3Client client, String bucket, boolean encrypt, String storageClass, long partSize) {
        this.client = client;
        this.bucket = bucket;
        this.encrypt = encrypt;
        this.storageClass = storageClass;
        this.partSize = partSize;
    }

    @Override
    public void put(String key, InputStream data) throws IOException {
        byte[] first = new byte[(int) partSize];
        int whole = data.readNBytes(first, 0, first.length);
        if (whole < first.length) { // all of it fits in one part: one PUT
            client.putObject(b -> b.bucket(bucket).key(key).contentLength((long) whole).storageClass(storageClass)
                    .serverSideEncryption(encrypt ? ServerSideEncryption.AES256 : null), body(first, whole));
            return;
        }
        int size = whole;
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key).storageClass(storageClass)
                .serverSideEncryption(encrypt ? ServerSideEncryption.AES256 : null)).uploadId();
        ExecutorService sender = Executors.newSingleThreadExecutor(task -> new Thread(task, "s3-part-" + key.hashCode()));
        Future<CompletedPart> sending = null;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            byte[] spare = new byte[first.length];
            for (int number = 1; size > 0; number++) {
                if (number > MAX_PARTS) {
                    throw new IOException("the upload is larger than " + MAX_PARTS + " parts: raise BACKUP_S3_PART_SIZE");
                }
                Future<CompletedPart> sent = sender.submit(send(key, uploadId, number, buffer, size));
                if (sending != null) {
                    parts.add(Futures.await(sending, "sending a part"));
                }
                sending = sent;
                // the next part is read while this one is sent: the archive is made while the bytes leave
                byte[] next = spare.length == partSize(number + 1) ? spare : new byte[partSize(number + 1)];
                spare = buffer;
                buffer = next;
                size = data.readNBytes(buffer, 0, buffer.length);
            }
            parts.add(Futures.await(sending, "sending a part"));
            sending = null;
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            // a part still being sent ends first: an abort before it would leave the part behind it on some servers
            finish(sending);
            abort(key, uploadId, e);
            throw e;
        } finally {
            sender.shutdown();
        }
    }

    private static void finish(Future<CompletedPart> sending) {
        if (sending != null) {
            try {
                sending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the upload failed already; this part's own failure adds nothing
            }
        }
    }

    /**
     * The size of a part: the configured one for the first {@value #PARTS_PER_SIZE} parts, then doubled every as many
     * (16 times at most), so that a small part size keeps memory low for every backup and still lets a 10,000-part
     * object hold about 500 GB at 8 MiB.
     */
    private int partSize(int number) {
        return (int) Math.min(Integer.MAX_VALUE - 16, partSize << Math.min(4, (number - 1) / PARTS_PER_SIZE));
    }

    /** A part sent from its buffer as it is, also when the SDK sends it again after a transient error. */
    private Callable<CompletedPart> send(String key, String uploadId, int number, byte[] buffer, int size) {
        return () -> {
            String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) size), body(buffer, size)).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        };
    }

    private static RequestBody body(byte[] buffer, int size) {
        // fromBytes and fromByteBuffer copy the part; a content provider reads it where it is, each attempt anew
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, size), size, "application/octet-stream");
    }


    @Override
    public InputStream open(String key) throws IOException {
        try {
            return client.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new ObjectMissing(key);
        }
    }

    /** Ranged GETs side by side for an object of more than one range. */
    @Override
    public InputStream openWhole(String key) throws IOException {
        long size = size(key).orElseThrow(() -> new ObjectMissing(key));
        return size <= RangedRead.RANGE ? open(key) : new RangedRead(client, bucket, key, size);
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        if (offset == 0) {
            return open(key);
        }
        try {
            return client.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-"));
        } catch (NoSuchKeyException e) {
            throw new ObjectMissing(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // the object ends at or before the offset: nothing more to read
                return InputStream.nullInputStream();
            }
            throw e;
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(client.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        abortUploadsTo(key);
        boolean existed = size(key).isPresent();
        if (existed) {
            client.deleteObject(b -> b.bucket(bucket).key(key));
            if (size(key).isPresent()) {
                throw new IOException("could not delete " + key + ": the storage still holds it");
            }
        }
        return existed;
    }

    @Override
    public List<String> list(String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/")).contents().stream().map(S3Object::key)
                .filter(key -> !Keys.isLeftover(key.substring(key.lastIndexOf('/') + 1))).toList();
    }

    @Override
    public int clean(String prefix, Instant before) {
        int removed = 0;
        for (MultipartUpload upload : uploads(prefix + "/")) {
            if (upload.initiated().isBefore(before)) {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                removed++;
            }
        }
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/" + Keys.PROBE)).contents()) {
            if (object.lastModified().isBefore(before)) {
                client.deleteObject(b -> b.bucket(bucket).key(object.key()));
                removed++;
            }
        }
        return removed;
    }

    @Override
    public void close() {
        client.close(); // also ends a request in flight: its connection is closed
    }

    /**
     * An unfinished upload to the key (its own put could not abort it) goes too. Best effort: a policy may not
     * allow listing multipart uploads, and what decides a delete is the object; the start-up clean-up tries again.
     */
    private void abortUploadsTo(String key) {
        try {
            for (MultipartUpload upload : uploads(key)) {
                if (upload.key().equals(key)) {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()));
                }
            }
        } catch (S3Exception e) {
            LOG.debug("Unfinished uploads to {} were not looked for: {}", key, e.getMessage());
        }
    }

    private Iterable<MultipartUpload> uploads(String prefix) {
        return client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads();
    }

    private void abort(String key, String uploadId, Exception failure) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            // the next delete of this key, or the start-up clean-up, aborts it then
            failure.addSuppressed(e);
        }
    }
}
