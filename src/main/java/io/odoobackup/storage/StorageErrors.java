package io.odoobackup.storage;

import com.jcraft.jsch.JSchException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Says in a few words why a storage operation failed: unreachable, refused credentials, missing bucket. */
public final class StorageErrors {

    private StorageErrors() {
    }

    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSuchBucketException) {
                return "the bucket does not exist";
            }
            if (t instanceof NoSuchKeyException) {
                return "the object does not exist";
            }
            if (t instanceof S3Exception s3 && (s3.statusCode() == 403 || s3.statusCode() == 401)) {
                return "access denied: check the access key and secret (" + s3.awsErrorDetails().errorCode() + ")";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "cannot connect: " + t.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (t instanceof JSchException && t.getMessage() != null && t.getMessage().startsWith("Auth fail")) {
                return "login failed: check the username and password";
            }
            if (t.getMessage() != null && t.getMessage().contains("530")) {
                return "login failed: check the username and password (" + t.getMessage().strip() + ")";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
    }
}
