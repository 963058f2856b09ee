package io.odoobackup.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Downloads of a stored object by byte range (RFC 9110 §14): one range is served as 206 with its Content-Range,
 * a range beyond the end is 416, and anything else (no header, several ranges, another unit) the whole object.
 * Either way the answer says its Content-Length, so a client shows progress and can resume.
 */
public final class ByteRanges {

    private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    /** The bytes a download sends: from {@code start}, {@code length} of them, of an object of {@code total}. */
    public record Span(long start, long length, long total, boolean partial) {
    }

    public Span span(String header, long total) {
        Matcher range = header == null ? null : ONE_RANGE.matcher(header.strip());
        if (range == null || !range.matches() || (range.group(1).isEmpty() && range.group(2).isEmpty())) {
            return new Span(0, total, total, false);
        }
        long start;
        long end;
        if (range.group(1).isEmpty()) { // the last N bytes
            long suffix = Long.parseLong(range.group(2));
            if (suffix == 0) {
                throw unsatisfiable(header, total);
            }
            start = Math.max(0, total - suffix);
            end = total - 1;
        } else {
            start = Long.parseLong(range.group(1));
            long last = range.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(range.group(2));
            if (last < start) {
                return new Span(0, total, total, false); // "bytes=9-5" is no valid range: ignored
            }
            end = Math.min(total - 1, last);
        }
        if (start >= total) {
            throw unsatisfiable(header, total);
        }
        return new Span(start, end - start + 1, total, true);
    }

    /** The response for the object's stream (opened at the span's start): its length, status and headers. */
    public InputStream respond(InputStream object, Span span, Exchange exchange) throws IOException {
        var message = exchange.getMessage();
        message.setHeader("Accept-Ranges", "bytes");
        message.setHeader("Content-Length", Long.toString(span.length()));
        if (span.partial()) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 206);
            message.setHeader("Content-Range", "bytes " + span.start() + "-" + (span.start() + span.length() - 1) + "/" + span.total());
        }
        return BoundedInputStream.builder().setInputStream(object).setMaxCount(span.length()).setPropagateClose(true).get();
    }

    private static Problem unsatisfiable(String header, long total) {
        return new Problem(416, "Range Not Satisfiable", "The range '" + header + "' lies beyond the backup's " + total
                + " bytes: ask for bytes=0-" + Math.max(0, total - 1) + " or less");
    }
}
