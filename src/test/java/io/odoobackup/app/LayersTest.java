package io.odoobackup.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages import downward only: no two packages reach each other however long the way round, the wiring ({@code app})
 * is imported by none, {@code platform} imports none, and {@code storage} knows nothing of backups or HTTP.
 */
class LayersTest {

    private static final Path SOURCES = Path.of("src/main/java/io/odoobackup");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.odoobackup\\.([a-z]+)\\.");

    @Test
    void packagesImportDownwardOnly() throws IOException {
        Map<String, Set<String>> imports = imports();
        assertThat(imports).containsKeys("app", "platform", "storage", "api", "backup");
        List<String> circle = circle(imports);
        assertThat(circle).as("packages that reach each other (each imports the next)").isEmpty();
        imports.forEach((from, to) -> assertThat(to).as(from + " imports the wiring").doesNotContain("app"));
        assertThat(imports.get("platform")).as("platform, the bottom, imports").isEmpty();
        assertThat(imports.get("storage")).as("storage imports").doesNotContain("backup", "api", "restore", "copies", "storageconfigs");
    }

    /** Package -> the service's packages its files import (a driver package counts as storage). */
    private static Map<String, Set<String>> imports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // Application, the entry point, above the wiring
                }
                String from = relative.getName(0).toString();
                Set<String> to = imports.computeIfAbsent(from, p -> new TreeSet<>());
                for (Matcher m = IMPORT.matcher(Files.readString(file)); m.find(); ) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return imports;
    }

    /** One circle of imports, as the packages along it; empty when there is none. */
    private static List<String> circle(Map<String, Set<String>> imports) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        for (String start : imports.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, imports, state, path)) {
                return path.subList(path.indexOf(path.get(path.size() - 1)), path.size());
            }
        }
        return List.of();
    }

    private static boolean visit(String node, Map<String, Set<String>> imports, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return false;
        }
        path.add(node);
        if (seen != null) {
            return true; // back on the current path: a circle
        }
        state.put(node, 1);
        for (String next : imports.getOrDefault(node, Set.of())) {
            if (visit(next, imports, state, path)) {
                return true;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
