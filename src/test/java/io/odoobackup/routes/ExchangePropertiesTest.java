package io.odoobackup.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exchange properties that routes and beans hand each other live in one table, docs/design.md "Exchange
 * properties": every one a bean reads or writes is there, and every row is one the code uses.
 */
class ExchangePropertiesTest {

    private static final Pattern IN_JAVA = Pattern.compile("(?:get|set|remove)Property\\(\"([a-zA-Z]+)\"");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-zA-Z]+)` \\|");

    @Test
    void everyPropertyABeanUsesIsInTheTableAndEveryRowIsUsed() throws IOException {
        Set<String> inJava = found(Path.of("src/main/java"), ".java", IN_JAVA);
        String design = Files.readString(Path.of("docs/design.md"));
        String section = design.substring(design.indexOf("## Exchange properties"), design.indexOf("## Code map"));
        Set<String> listed = new TreeSet<>();
        for (Matcher row = ROW.matcher(section); row.find(); ) {
            listed.add(row.group(1));
        }
        assertThat(inJava).as("properties beans use that docs/design.md does not list").isSubsetOf(listed);
        Set<String> anywhere = new TreeSet<>(inJava);
        anywhere.addAll(found(Path.of("src/main/resources"), ".yaml", Pattern.compile("exchangeProperty\\.([a-zA-Z]+)")));
        anywhere.addAll(found(Path.of("src/main/resources"), ".yaml", Pattern.compile("setProperty:\\s+name: ([a-zA-Z]+)")));
        anywhere.addAll(found(Path.of("src/main/resources"), ".sql", Pattern.compile("exchangeProperty\\.([a-zA-Z]+)")));
        assertThat(listed).as("rows of docs/design.md that nothing uses").isSubsetOf(anywhere);
    }

    private static Set<String> found(Path root, String suffix, Pattern pattern) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                for (Matcher m = pattern.matcher(Files.readString(file)); m.find(); ) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
