package io.odoobackup.backup;

import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.camel.Exchange;

/** The archive as the body of its upload or copy: a stream that reports progress. */
public final class UploadBody {

    private final TaskProgress progress;

    public UploadBody(TaskProgress progress) {
        this.progress = progress;
    }

    /** The upload to the backup's own storage (80-95%). */
    public InputStream open(BackupJob job, Exchange exchange) throws IOException {
        return open(job, exchange, progress.transfer(job, "upload", 80, 95, "Uploaded", job.getArchive().size()));
    }

    /** The copy to its second storage, read from the same local package (96-99%, within verification). */
    public InputStream openCopy(BackupJob job, Exchange exchange) throws IOException {
        return open(job, exchange, progress.transfer(job, "verify", 96, 99, "Copied to " + job.getSecondary().name(),
                job.getArchive().size()));
    }

    private InputStream open(BackupJob job, Exchange exchange, java.util.function.LongConsumer meter) throws IOException {
        InputStream body = Metered.input(Files.newInputStream(job.getArchive().path()), meter);
        exchange.setProperty("uploadBody", body);
        return body;
    }

    public void close(Exchange exchange) throws IOException {
        InputStream body = exchange.getProperty("uploadBody", InputStream.class);
        if (body != null) {
            body.close();
        }
    }
}
