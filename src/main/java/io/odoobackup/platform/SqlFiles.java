package io.odoobackup.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The statements under {@code sql/} for Java code (claims, leases, progress, tokens, keys), with the parameters
 * camel-sql names in them ({@code :#name}) taken from a map: the same files, the same syntax, as the routes use.
 * Every statement the service runs on its records is such a file; none is written in Java.
 */
public final class SqlFiles {

    private static final Pattern PARAMETER = Pattern.compile(":#([A-Za-z_][A-Za-z0-9_]*)");
    private static final Map<String, Statement> LOADED = new ConcurrentHashMap<>();

    private SqlFiles() {
    }

    /** A statement's text with {@code ?} for each parameter, and the parameters' names in order. */
    private record Statement(String text, List<String> parameters) {
    }

    private static Statement load(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            try (InputStream in = SqlFiles.class.getResourceAsStream("/sql/" + n + ".sql")) {
                if (in == null) {
                    throw new IllegalArgumentException("No statement sql/" + n + ".sql");
                }
                // comments (whole lines starting with --) may name parameters in words: they are no parameters
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
                List<String> parameters = new ArrayList<>();
                Matcher parameter = PARAMETER.matcher(text);
                StringBuilder jdbc = new StringBuilder();
                while (parameter.find()) {
                    parameters.add(parameter.group(1));
                    parameter.appendReplacement(jdbc, "?");
                }
                parameter.appendTail(jdbc);
                return new Statement(jdbc.toString(), List.copyOf(parameters));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String name, Map<String, ?> parameters) throws SQLException {
        Statement statement = load(name);
        PreparedStatement prepared = connection.prepareStatement(statement.text());
        for (int i = 0; i < statement.parameters().size(); i++) {
            String parameter = statement.parameters().get(i);
            if (!parameters.containsKey(parameter)) {
                prepared.close();
                throw new IllegalArgumentException("sql/" + name + ".sql needs parameter " + parameter);
            }
            Object value = parameters.get(parameter);
            if (value instanceof Collection<?> list) { // = ANY (:#ids): a text array
                prepared.setArray(i + 1, connection.createArrayOf("varchar", list.toArray()));
            } else {
                prepared.setObject(i + 1, value);
            }
        }
        return prepared;
    }

    /** The rows the statement returns, on a connection of its own. */
    public static List<Map<String, Object>> query(DataSource records, String name, Map<String, ?> parameters) throws SQLException {
        try (Connection c = records.getConnection()) {
            return query(c, name, parameters);
        }
    }

    /** The statement's first row, if it returns any, on a connection of its own. */
    public static Optional<Map<String, Object>> first(DataSource records, String name, Map<String, ?> parameters) throws SQLException {
        try (Connection c = records.getConnection()) {
            return first(c, name, parameters);
        }
    }

    /** The statement's first row, if it returns any. */
    public static Optional<Map<String, Object>> first(Connection connection, String name, Map<String, ?> parameters) throws SQLException {
        return query(connection, name, parameters).stream().findFirst();
    }

    /** How many rows the statement changed, on a connection of its own. */
    public static int update(DataSource records, String name, Map<String, ?> parameters) throws SQLException {
        try (Connection c = records.getConnection()) {
            return update(c, name, parameters);
        }
    }

    /** Parameters from names and values in turn; unlike Map.of, a value may be null (SQL NULL). */
    public static Map<String, Object> parameters(Object... namesAndValues) {
        Map<String, Object> parameters = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /** The rows the statement returns, each a map of its columns by label. */
    public static List<Map<String, Object>> query(Connection connection, String name, Map<String, ?> parameters) throws SQLException {
        try (PreparedStatement prepared = prepare(connection, name, parameters); ResultSet rows = prepared.executeQuery()) {
            ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** How many rows the statement changed. */
    public static int update(Connection connection, String name, Map<String, ?> parameters) throws SQLException {
        try (PreparedStatement prepared = prepare(connection, name, parameters)) {
            return prepared.executeUpdate();
        }
    }
}
