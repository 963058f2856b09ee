package io.odoobackup.backup;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.archive.ZipStream;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Futures;
import io.odoobackup.storage.SentBytes;
import java.io.IOException;
import java.util.concurrent.Future;

/**
 * One attempt's archive on its way to storage: the ZIP written into a pipe whose other end the upload reads on a
 * thread of its own. It owns the three: a failure of the upload stops the writing (the pipe refuses more), a failure
 * of the writing is handed to {@link #abandon}, which ends the upload before the failure goes on. A new attempt is a
 * new transfer ({@link ArchiveUpload#open}).
 */
public final class ArchiveTransfer {

    private final BytePipe pipe;
    private final ZipStream zip;
    private final Future<SentBytes> upload;
    private ZipStream.DeflatedEntry dump;

    ArchiveTransfer(BytePipe pipe, ZipStream zip, Future<SentBytes> upload) {
        this.pipe = pipe;
        this.zip = zip;
        this.upload = upload;
    }

    /** The archive being written, for the entries that stream into it (the filestore). */
    public ZipStream zip() {
        return zip;
    }

    /** dump.sql begun in the archive, to follow the dump while pg_dump still writes it. */
    public ZipStream.DeflatedEntry beginDump() throws IOException {
        dump = zip.deflatedEntry(ArchiveLayout.DUMP);
        return dump;
    }

    /** dump.sql as begun, for its rest once the dump is whole. */
    public ZipStream.DeflatedEntry dump() {
        return dump;
    }

    /** manifest.json last, then the central directory: the archive is whole and its upload can end. */
    public ZipStream.Written finish(byte[] manifest) throws IOException {
        zip.entry(ArchiveLayout.MANIFEST, manifest);
        ZipStream.Written written = zip.finish();
        pipe.end();
        return written;
    }

    /** Waits for the upload to end: what it handed to storage, or its failure, which is the backup's. */
    public SentBytes await() throws Exception {
        return Futures.join(upload);
    }

    /**
     * The writing failed: the upload learns why and ends (an unfinished upload aborted), then the failure goes on;
     * where the writing stopped only because the upload had failed, the upload's failure is the one that goes on.
     */
    public void abandon(Exception failure) throws Exception {
        pipe.fail(failure);
        try {
            await();
        } catch (Exception uploadFailure) {
            if (BytePipe.echo(failure) && !BytePipe.echo(uploadFailure)) {
                throw uploadFailure;
            }
        }
        throw failure;
    }
}
