package io.odoobackup.storage;

import java.io.IOException;

/** A storage operation that failed, said in the driver's words with the configuration's secrets removed. */
public class StorageFailed extends IOException {

    public StorageFailed(String description, Throwable cause) {
        super(description, cause);
    }
}
