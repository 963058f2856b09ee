package io.odoobackup.storage;

/** A storage configuration that cannot be saved as it is: the field and what to fix (the API answers it with 400). */
public class ConfigRefused extends RuntimeException {

    public ConfigRefused(String field, String detail) {
        super("Field '" + field + "': " + detail, null, false, false);
    }
}
