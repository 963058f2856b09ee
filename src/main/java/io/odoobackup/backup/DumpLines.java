package io.odoobackup.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain pg_dump passing through on its way somewhere, read line by line as it passes: statements may be
 * looked at (and rewritten by a subclass), table data between {@code COPY ... FROM stdin;} and {@code \.} goes
 * through untouched and counted, a row a line. Memory is one statement line, whatever the size of a row.
 */
public class DumpLines extends OutputStream {

    private static final Pattern COPY = Pattern.compile("COPY (.+?)(?: \\(.*\\))? FROM stdin;");
    private static final byte[] END_OF_DATA = {'\\', '.'};

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String table;
    private long rows;
    private long dataLineLength;
    private final byte[] dataLineStart = new byte[2];

    private final long maxStatement;

    public DumpLines(OutputStream out) {
        this(out, Long.MAX_VALUE);
    }

    /** With a bound on a statement line: for a dump read before its checksum is known (it may be anything). */
    protected DumpLines(OutputStream out, long maxStatement) {
        this.out = out;
        this.maxStatement = maxStatement;
    }

    /** A statement line (without its newline) as it should go on; this one passes it as it is. */
    protected String statement(String text) {
        return text;
    }

    /** The data of a table ended after this many rows. */
    protected void tableEnded(String table, long rows) {
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int from = offset;
        int data = -1; // where table data not yet passed on begins: it goes on in one write, not a row at a time
        while (from < end) {
            int newline = indexOf(bytes, (byte) '\n', from, end);
            int stop = newline < 0 ? end : newline;
            if (table != null) {
                if (data < 0) {
                    data = from;
                }
                for (int i = from; i < stop && dataLineLength + (i - from) < 2; i++) {
                    dataLineStart[(int) (dataLineLength + (i - from))] = bytes[i];
                }
                dataLineLength += stop - from;
                if (newline >= 0) {
                    dataLineEnded();
                }
                from = newline < 0 ? end : newline + 1;
                if (table == null) {
                    out.write(bytes, data, from - data);
                    data = -1;
                }
            } else {
                line.write(bytes, from, stop - from);
                if (line.size() > maxStatement) {
                    throw new IOException("dump.sql has a statement line longer than " + maxStatement + " bytes: it is not a dump"
                            + " this service made");
                }
                if (newline >= 0) {
                    statementEnded();
                }
                from = newline < 0 ? end : newline + 1;
            }
        }
        if (data >= 0) {
            out.write(bytes, data, end - data);
        }
    }

    private void dataLineEnded() {
        if (dataLineLength == 2 && dataLineStart[0] == END_OF_DATA[0] && dataLineStart[1] == END_OF_DATA[1]) {
            tableEnded(table, rows);
            table = null;
        } else {
            rows++;
        }
        dataLineLength = 0;
    }

    private void statementEnded() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        out.write((statement(text) + "\n").getBytes(StandardCharsets.UTF_8));
        Matcher copy = COPY.matcher(text);
        if (copy.matches()) {
            table = copy.group(1);
            rows = 0;
            dataLineLength = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Passes on a last line without a newline, then closes what it writes to. */
    @Override
    public void close() throws IOException {
        if (line.size() > 0) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            out.write(statement(text).getBytes(StandardCharsets.UTF_8));
        }
        out.close();
    }

    private static int indexOf(byte[] bytes, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
