package io.odoobackup.backup;

import io.odoobackup.platform.Metered;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.camel.Exchange;

/** The archive as the upload's body: a stream that reports upload progress, with its length for S3. */
public final class UploadBody {

    private final TaskProgress progress;

    public UploadBody(TaskProgress progress) {
        this.progress = progress;
    }

    public InputStream open(BackupJob job, Exchange exchange) throws IOException {
        Artifact archive = job.getArchive();
        // a known length keeps aws2-s3 streaming instead of buffering the body in memory
        exchange.getMessage().setHeader("CamelAwsS3ContentLength", archive.size());
        InputStream body = Metered.input(Files.newInputStream(archive.path()),
                progress.transfer(job, "upload", 80, 95, "Uploaded", archive.size()));
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
