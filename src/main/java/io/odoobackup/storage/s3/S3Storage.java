package io.odoobackup.storage.s3;

import io.odoobackup.storage.Keys;
import io.odoobackup.storage.ObjectMissing;
import io.odoobackup.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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
 * parts read whole into one buffer (memory: one part per running upload), so that the SDK can send a part
 * again after a transient error; a failed multipart upload is aborted. Keys are the object keys as they are.
 */
final class S3Storage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
    private static final int MAX_PARTS = 10_000;

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
    public void put(String key, InputStream data, long length) throws IOException {
        if (length <= partSize) {
            client.putObject(b -> b.bucket(bucket).key(key).contentLength(length).storageClass(storageClass)
                    .serverSideEncryption(encrypt ? ServerSideEncryption.AES256 : null), RequestBody.fromBytes(read(data, length)));
            return;
        }
        long part = Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
        byte[] buffer = new byte[(int) part];
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key).storageClass(storageClass)
                .serverSideEncryption(encrypt ? ServerSideEncryption.AES256 : null)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long left = length;
            for (int number = 1; left > 0; number++) {
                int size = (int) Math.min(part, left);
                fill(data, buffer, size);
                int partNumber = number;
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) size), RequestBody.fromByteBuffer(ByteBuffer.wrap(buffer, 0, size))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                left -= size;
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /** A whole part is read before it is sent: a source that breaks never leaves half a part on the server. */
    private static void fill(InputStream data, byte[] buffer, int size) throws IOException {
        if (data.readNBytes(buffer, 0, size) != size) {
            throw new IOException("the upload ended before its announced length");
        }
    }

    private static byte[] read(InputStream data, long length) throws IOException {
        byte[] bytes = new byte[(int) length];
        fill(data, bytes, (int) length);
        return bytes;
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return client.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new ObjectMissing(key);
        }
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
