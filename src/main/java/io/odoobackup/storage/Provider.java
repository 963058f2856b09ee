package io.odoobackup.storage;

import java.util.Set;

/**
 * The storage providers and their fields (CONTRACT.md §3). Providers of one family share the routes
 * {@code storage-upload|read|delete-<family>}: the four S3-compatible ones, and FTP/FTPS/SFTP.
 */
public enum Provider {
    S3("s3", Set.of("bucket", "access_key"), Set.of("region", "storage_class", "path_prefix", "endpoint_url"), Set.of("secret_key")),
    R2("s3", Set.of("bucket", "account_id", "access_key"), Set.of("path_prefix", "endpoint_url"), Set.of("secret_key")),
    B2("s3", Set.of("bucket", "region", "application_key_id"), Set.of("path_prefix", "endpoint_url", "storage_class"), Set.of("application_key")),
    MINIO("s3", Set.of("bucket", "endpoint_url", "access_key"), Set.of("region", "path_prefix"), Set.of("secret_key")),
    FTP("ftp", Set.of("ftp_host", "ftp_username"), Set.of("ftp_port", "ftp_use_ssl", "ftp_passive_mode", "ftp_base_path"), Set.of("ftp_password")),
    SFTP("ftp", Set.of("ftp_host", "ftp_username"), Set.of("ftp_port", "ftp_base_path", "sftp_host_key_fingerprint"), Set.of("ftp_password")),
    LOCAL("local", Set.of(), Set.of("base_path", "path_prefix"), Set.of());

    private final String family;
    private final Set<String> required;
    private final Set<String> optional;
    private final Set<String> secrets;

    Provider(String family, Set<String> required, Set<String> optional, Set<String> secrets) {
        this.family = family;
        this.required = required;
        this.optional = optional;
        this.secrets = secrets;
    }

    public String family() {
        return family;
    }

    public Set<String> required() {
        return required;
    }

    public Set<String> optional() {
        return optional;
    }

    /** Secret fields are required, stored sealed and shown as "****". */
    public Set<String> secrets() {
        return secrets;
    }
}
