package io.odoobackup.environment;

/** A command was to run in a container that is not running (it stopped after it was checked). */
public final class ContainerNotRunning extends RuntimeException {

    public ContainerNotRunning(String name) {
        super("Container Not Running: " + name, null, false, false);
    }
}
