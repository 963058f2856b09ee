package io.odoobackup.environment;

/** A command was to run in a container that is not running (it stopped after it was checked). */
public final class ContainerNotRunning extends RuntimeException {

    public ContainerNotRunning(String name) {
        super("Container " + name + " is not running (it stopped after the work began): start it again (docker start "
                + name + "), then try again", null, false, false);
    }
}
