package io.odoobackup.api;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Lets only response headers meant for the client leave the API: route headers (the request's own
 * Authorization among them) would otherwise be echoed back. Inbound filtering stays that of the HTTP components.
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy {

    static final Set<String> SENT = Set.of("content-type", "content-disposition", "location", "cache-control",
            "content-length", "content-range", "accept-ranges", "x-backup-source");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !SENT.contains(name.toLowerCase(Locale.ROOT));
    }
}
