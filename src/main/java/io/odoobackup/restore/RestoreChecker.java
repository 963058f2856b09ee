package io.odoobackup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.backup.BackupFailure;
import io.odoobackup.backup.TarFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * What a restore check proves once the dump is loaded into its scratch database: every table holds the rows the
 * manifest counted while the dump streamed, and the filestore archive holds the files it counted. The result is
 * kept on the backup ({@code restore_check}).
 */
public final class RestoreChecker {

    /** Table names as pg_dump prints them; anything else in a manifest is not used in SQL. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_$.\" -]{1,200}");

    private final DatabaseLoader databases;
    private final BackupArchive archive;
    private final ObjectMapper json;

    public RestoreChecker(DatabaseLoader databases, BackupArchive archive, ObjectMapper json) {
        this.databases = databases;
        this.archive = archive;
        this.json = json;
    }

    /** Compares the loaded scratch database and the filestore archive with the manifest; fails on a difference. */
    public Map<String, Object> compare(RestoreJob job, Exchange exchange) throws Exception {
        JsonNode manifest = job.getResult().getManifest();
        Map<String, Long> expected = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("database").path("tables").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> table = it.next();
            if (!TABLE.matcher(table.getKey()).matches() || table.getKey().contains("'")) {
                throw new BackupFailure("The manifest names a table this check cannot count: " + table.getKey());
            }
            expected.put(table.getKey(), table.getValue().asLong());
        }
        Map<String, Long> counted = count(job, expected.keySet());
        List<String> differences = new ArrayList<>();
        long rows = 0;
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            Long found = counted.get(table.getKey());
            rows += found == null ? 0 : found;
            if (!table.getValue().equals(found)) {
                differences.add(table.getKey() + " holds " + found + " rows where the backup counted " + table.getValue());
            }
        }
        Long files = null;
        if (manifest.hasNonNull("filestore")) {
            files = files(job);
            long expectedFiles = manifest.path("filestore").path("files").asLong(-1);
            if (expectedFiles >= 0 && files != expectedFiles) {
                differences.add("the filestore archive holds " + files + " files where the backup counted " + expectedFiles);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", differences.isEmpty());
        result.put("tables", expected.size());
        result.put("rows", rows);
        result.put("files", files);
        result.put("seconds", Duration.between(exchange.getProperty("checkStarted", Instant.class), Instant.now()).toSeconds());
        result.put("fetched_from", job.getResult().getSource() == null ? null : job.getResult().getSource().view());
        result.put("message", !differences.isEmpty() ? "The restored data differs from the backup: " + String.join("; ", differences)
                : expected.isEmpty() ? "Loaded without errors; this backup's manifest holds no row counts (made by an older version)"
                : "Loaded without errors; every table holds the rows the backup counted");
        job.getResult().checked(record(result));
        if (!differences.isEmpty()) {
            throw new BackupFailure((String) result.get("message"));
        }
        return result;
    }

    /** The check's result when it failed before comparing anything (the backup damaged, the dump not loading). */
    public void failed(Exchange exchange) throws Exception {
        RestoreJob job = exchange.getProperty("restore", RestoreJob.class);
        if (job.getResult().getCheck() != null) {
            return; // compared, and the comparison failed: its result stands
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", false);
        result.put("tables", 0);
        result.put("rows", 0);
        result.put("files", null);
        result.put("seconds", Duration.between(exchange.getProperty("checkStarted", Instant.class), Instant.now()).toSeconds());
        result.put("fetched_from", job.getResult().getSource() == null ? null : job.getResult().getSource().view());
        result.put("message", exchange.getProperty("failure", String.class));
        job.getResult().checked(record(result));
    }

    /** Parameters of sql/backup-restore-check.sql. */
    private Map<String, Object> record(Map<String, Object> result) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("ok", result.get("ok"));
        params.put("json", json.writeValueAsString(result));
        return params;
    }

    private Map<String, Long> count(RestoreJob job, Iterable<String> tables) throws Exception {
        List<String> selects = new ArrayList<>();
        tables.forEach(table -> selects.add("SELECT '" + table + "' || '|' || count(*) FROM " + table));
        if (selects.isEmpty()) {
            return Map.of();
        }
        String output = databases.psql(job.getDbContainer(), job.getTarget().dbUser(), job.getNames().newDb(),
                String.join(" UNION ALL ", selects), "Counting the rows of the scratch database");
        return output.lines().filter(line -> line.contains("|")).collect(Collectors.toMap(
                line -> line.substring(0, line.lastIndexOf('|')), line -> Long.parseLong(line.substring(line.lastIndexOf('|') + 1).strip())));
    }

    private long files(RestoreJob job) throws Exception {
        TarFiles tar = new TarFiles(OutputStream.nullOutputStream());
        try (InputStream in = archive.filestoreTar(job)) {
            in.transferTo(tar);
        }
        return tar.files();
    }
}
