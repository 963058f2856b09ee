package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Who writes each table is said in one place, docs/design.md "Who writes the records", and holds: every statement
 * that writes is run by the routes and beans listed for its tables, and nothing else writes them. The task table's
 * state has one writer, TaskProgress: other statements write a task only together with the record it belongs to
 * (a backup or restore, in the same statement), or are the rescan's own (CatalogRescan, and the lease reaper for
 * rescan tasks).
 */
class RecordWritersTest {

    private static final Path SQL = Path.of("src/main/resources/sql");
    private static final Pattern WRITE = Pattern.compile("(?i)\\b(?:INSERT INTO|(?<!DO |FOR )UPDATE|DELETE FROM)\\s+([a-z_]+)");
    private static final Pattern IN_ROUTE = Pattern.compile("sql:classpath:sql/([a-z0-9-]+)\\.sql");
    private static final Pattern LITERAL = Pattern.compile("\"(?:sql:classpath:sql/)?([a-z0-9-]+?)(?:\\.sql)?\"(\\s*\\+)?");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| (.+) \\|$");
    private static final Set<String> TASK_STATE = Set.of("task-progress", "task-completed", "task-failed");

    @Test
    void theTableOfWritersIsWhatRunsTheStatements() throws IOException {
        Map<String, Set<String>> runners = runners();
        Map<String, Set<String>> writers = new TreeMap<>();
        for (Map.Entry<String, Set<String>> written : written().entrySet()) {
            assertThat(runners.get(written.getKey())).as("what runs sql/" + written.getKey() + ".sql").isNotEmpty();
            for (String table : written.getValue()) {
                writers.computeIfAbsent(table, t -> new TreeSet<>()).addAll(runners.get(written.getKey()));
            }
        }
        String design = Files.readString(Path.of("docs/design.md"));
        String section = design.substring(design.indexOf("## Who writes the records"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Map<String, Set<String>> listed = new TreeMap<>();
        for (Matcher row = ROW.matcher(section); row.find(); ) {
            listed.put(row.group(1), new TreeSet<>(Set.of(row.group(2).replace("`", "").split(", "))));
        }
        assertThat(listed).as("docs/design.md \"Who writes the records\" against the code").isEqualTo(writers);
    }

    @Test
    void aTasksStateHasOneWriterAndOtherwiseMovesWithItsOwner() throws IOException {
        Map<String, Set<String>> runners = runners();
        Map<String, Set<String>> written = written();
        Map<String, String> texts = new TreeMap<>();
        for (String statement : written.keySet()) {
            texts.put(statement, Files.readString(SQL.resolve(statement + ".sql")));
        }
        written.forEach((statement, tables) -> {
            if (!tables.contains("task")) {
                return;
            }
            if (TASK_STATE.contains(statement)) {
                assertThat(runners.get(statement)).as(statement).containsExactly("TaskProgress");
            } else if (!tables.contains("backup") && !tables.contains("restore")) {
                // a rescan's task is its only record: CatalogRescan's, and the reaper's for the rescan tasks alone
                assertThat(runners.get(statement).equals(Set.of("CatalogRescan")) || texts.get(statement).contains("task_type = 'rescan'"))
                        .as(statement + " writes a task alone, and not a rescan's").isTrue();
            }
        });
        assertThat(written).containsKeys(TASK_STATE.toArray(String[]::new));
    }

    /** Statement -> the tables it writes. */
    private static Map<String, Set<String>> written() throws IOException {
        Map<String, Set<String>> written = new TreeMap<>();
        try (Stream<Path> files = Files.list(SQL)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file).replaceAll("(?m)--.*$", "");
                Set<String> tables = new TreeSet<>();
                for (Matcher m = WRITE.matcher(text); m.find(); ) {
                    tables.add(m.group(1).toLowerCase());
                }
                if (!tables.isEmpty()) {
                    written.put(file.getFileName().toString().replace(".sql", ""), tables);
                }
            }
        }
        return written;
    }

    /** Statement -> the route files (routes/x.yaml) and classes that run it; a name built as "prefix-" + ... counts too. */
    private static Map<String, Set<String>> runners() throws IOException {
        Set<String> statements = new TreeSet<>();
        try (Stream<Path> files = Files.list(SQL)) {
            files.forEach(f -> statements.add(f.getFileName().toString().replace(".sql", "")));
        }
        Map<String, Set<String>> runners = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file).replaceAll("(?m)^\\s*#.*$", "");
                for (Matcher m = IN_ROUTE.matcher(text); m.find(); ) {
                    runners.computeIfAbsent(m.group(1), s -> new TreeSet<>()).add("routes/" + file.getFileName());
                }
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//.*", "");
                String name = file.getFileName().toString().replace(".java", "");
                for (Matcher m = LITERAL.matcher(code); m.find(); ) {
                    String literal = m.group(1);
                    for (String statement : statements) {
                        if (m.group(2) == null ? statement.equals(literal) : literal.endsWith("-") && statement.startsWith(literal)) {
                            runners.computeIfAbsent(statement, s -> new TreeSet<>()).add(name);
                        }
                    }
                }
            }
        }
        return runners;
    }
}
