package io.odoobackup.api;

import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * A request body is JSON, and says so: a body sent as a form or as text (curl's --data without a Content-Type
 * header sends a form) is answered 415 with the header to send, instead of being read as broken JSON.
 */
public final class JsonContent {

    public void check(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            return;
        }
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !hasBody(exchange)) {
            return;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw new Problem(415, "Unsupported Media Type", "The request body was sent as " + media
                    + ": send it as JSON with the header Content-Type: application/json (curl: -H 'Content-Type: application/json')");
        }
    }

    private static boolean hasBody(Exchange exchange) {
        Long length = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        return length == null ? exchange.getMessage().getHeader("Transfer-Encoding") != null : length > 0;
    }
}
