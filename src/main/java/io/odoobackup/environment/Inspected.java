package io.odoobackup.environment;

import com.github.dockerjava.api.command.InspectContainerResponse;

/** A container as an engine showed it when asked, with the engine it runs on. */
public record Inspected(DockerExec engine, InspectContainerResponse response) {

    /** The container by the id just inspected (never by its name again), named by {@code name} in messages. */
    public Container container(String name) {
        return new Container(response.getId(), name, engine);
    }
}
