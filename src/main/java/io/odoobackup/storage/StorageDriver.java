package io.odoobackup.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A storage driver: one package that knows one kind of storage, its configuration fields, their checks, its
 * client and its errors. A new provider is a new driver in {@link StorageDrivers} plus its run of the shared
 * conformance suite (StorageConformance in the tests).
 */
public interface StorageDriver {

    /** The provider names it serves, as the API's {@code provider} field spells them, in the order forms offer them. */
    List<String> providers();

    /** The provider's fields; a field not listed is refused. */
    List<Field> fields(String provider);

    /**
     * The host the configuration's storage is reached at, and the field that names it; empty for storage on this
     * machine. {@link StorageDrivers} applies the egress rule to it when a configuration is saved and before every
     * session, so no driver can forget it.
     */
    Optional<RemoteHost> remoteHost(StorageConfig config);

    /**
     * Where the configuration's keys lie, as one text that is the same for every configuration reaching the same
     * objects (server and bucket or base folder; never credentials or trust): two configurations of one place share the
     * objects of equal keys, which the incremental filestore's pool must know (docs/api.md §15).
     */
    String place(StorageConfig config);

    /**
     * Checks a configuration as a whole before it is saved, past each field's own pattern and the egress rule: what
     * its fields mean together. Throws {@link ConfigRefused} that says what to fix.
     */
    default void check(StorageConfig config) {
    }

    /** A session on the configuration's storage; each call on it connects as needed. */
    Storage open(StorageConfig config) throws IOException;

    /**
     * What the server shows of itself before any credential is sent, for a person to compare with the server's own
     * (SFTP: its host key's fingerprint); empty where the protocol shows nothing worth pinning.
     */
    default Optional<String> serverIdentity(StorageConfig config) throws IOException {
        return Optional.empty();
    }

    /** A host a tenant's field names. */
    record RemoteHost(String field, String host) {
    }

    /** Why an operation failed, in a few words fit for a record or a log; never a secret. */
    default String describe(Throwable failure) {
        return StorageErrors.describe(failure);
    }
}
