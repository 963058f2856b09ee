package io.odoobackup.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** List paging (docs/api.md §2): checks the limit and offset query parameters and wraps a page of items. */
public final class Pages {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    /** Replaces the limit and offset headers with checked numbers. */
    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader("limit", number(message, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
        message.setHeader("offset", number(message, "offset", 0, 0, Integer.MAX_VALUE));
    }

    public Map<String, Object> page(List<?> items, Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("total", exchange.getProperty("total", Long.class));
        page.put("limit", message.getHeader("limit"));
        page.put("offset", message.getHeader("offset"));
        return page;
    }

    private static int number(Message message, String name, int fallback, int min, int max) {
        String text = message.getHeader(name, String.class);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.badRequest("Query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }
}
