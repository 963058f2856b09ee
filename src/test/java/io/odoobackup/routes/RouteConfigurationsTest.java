package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.api.Downloads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The error handling of routes as their configurations declare it: the {@code api} configuration, whose handler
 * answers a failure as problem JSON and marks it handled, belongs only on routes the HTTP API itself calls. On a
 * sub-route it would end its caller silently (a trigger message for an unknown environment was dropped so).
 */
class RouteConfigurationsTest {

    private static final Path ROUTES = Path.of("src/main/resources/routes");

    @Test
    void theApiConfigurationIsOnlyOnRoutesTheApiCalls() throws IOException {
        Set<String> calledByTheApi = new HashSet<>(Set.of(Downloads.ROUTE));
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Object item : load()) {
            Map<?, ?> element = (Map<?, ?>) item;
            if (element.get("rest") instanceof Map<?, ?> rest) {
                for (Object verb : rest.values()) {
                    if (verb instanceof List<?> operations) {
                        operations.forEach(op -> calledByTheApi.add((String) ((Map<?, ?>) op).get("to")));
                    }
                }
            }
            if (element.get("route") instanceof Map<?, ?> route) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) route;
                routes.add(typed);
            }
        }
        assertThat(calledByTheApi).hasSizeGreaterThan(30);
        List<String> wrong = routes.stream().filter(r -> "api".equals(r.get("routeConfigurationId")))
                .map(r -> (String) ((Map<?, ?>) r.get("from")).get("uri")).filter(uri -> !calledByTheApi.contains(uri)).toList();
        assertThat(wrong).as("sub-routes with the api configuration (use pipeline: the caller answers their failures)").isEmpty();
        List<String> unconfigured = routes.stream().filter(r -> calledByTheApi.contains(((Map<?, ?>) r.get("from")).get("uri")))
                .filter(r -> !"api".equals(r.get("routeConfigurationId"))).map(r -> (String) r.get("id")).toList();
        assertThat(unconfigured).as("routes the API calls without the api configuration").isEmpty();
    }

    private static List<Object> load() throws IOException {
        List<Object> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROUTES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object loaded = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
                    if (loaded instanceof List<?> list) {
                        all.addAll(list);
                    }
                }
            }
        }
        return all;
    }
}
