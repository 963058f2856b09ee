package io.odoobackup.storage;

import java.io.FileNotFoundException;

/** The storage holds no object at the key. */
public class ObjectMissing extends FileNotFoundException {

    public ObjectMissing(String key) {
        super("the object " + key + " does not exist");
    }
}
