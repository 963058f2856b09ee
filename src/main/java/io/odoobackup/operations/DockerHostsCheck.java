package io.odoobackup.operations;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The Docker hosts of the platform as their last check found them, in readiness's details ({@code host: up} or the
 * reason it is down). Always up itself: a customer's host that is down fails only its own environments' work, and is
 * no reason to take this service out of service (its own DOCKER_HOST is the check docker-engine).
 */
public final class DockerHostsCheck extends AbstractHealthCheck {

    private final Supplier<Map<String, String>> hosts;

    public DockerHostsCheck(Supplier<Map<String, String>> hosts) {
        super("odoo-backup", "docker-hosts");
        this.hosts = hosts;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> seen = new TreeMap<>(hosts.get());
        seen.forEach(builder::detail);
        long down = seen.values().stream().filter(s -> !s.equals("up")).count();
        builder.message(down == 0 ? seen.size() + " Docker hosts up" : down + " of " + seen.size() + " Docker hosts down").up();
    }
}
