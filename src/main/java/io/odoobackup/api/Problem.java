package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An error the API answers as application/problem+json (docs/api.md §2). Its detail says what to fix
 * and never holds a secret.
 */
public class Problem extends RuntimeException {

    private final int status;
    private final String title;

    public Problem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return "urn:odoo-backup:problem:" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /**
     * Answers a Vert.x response with this problem: for what runs outside Camel's REST routes (event streams, the
     * router's own answers).
     */
    public void send(HttpServerResponse response, ObjectMapper json) {
        String text;
        try {
            text = json.writeValueAsString(body());
        } catch (JsonProcessingException e) {
            text = ""; // a map of texts and a number always serializes; the status still says it
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(text);
    }

    /** The problem JSON body: type, title, status, detail. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        return body;
    }
}
