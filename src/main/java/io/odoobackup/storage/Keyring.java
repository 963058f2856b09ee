package io.odoobackup.storage;

import java.util.List;

/** The age keys behind encrypted objects (keys ending in {@code .age}): who a new one is for, and what opens one. */
public interface Keyring {

    /** The recipients of a new object stored with this configuration: its organization's key and the config's own. */
    List<String> recipients(StorageConfig config);

    /** Every identity of the organization, retired ones included, to open objects made for any of them. */
    List<String> identities(String organizationId);
}
