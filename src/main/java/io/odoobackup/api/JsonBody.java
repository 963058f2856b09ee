package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A JSON request body read field by field; each wrong field gives a 400 that names it and says what fits. */
public final class JsonBody {

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** A body whose fields must all be among {@code known} ({@code what} names the request in the 400). */
    public static JsonBody parse(ObjectMapper json, String body, Collection<String> known, String what) {
        JsonBody parsed = parse(json, body);
        parsed.allowOnly(known, what);
        return parsed;
    }

    /** A body whose known fields depend on one of its values: the caller then calls {@link #allowOnly}. */
    public static JsonBody parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return new JsonBody(json.createObjectNode());
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("The request body is not valid JSON: fix its syntax");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw Problem.badRequest("The request body must be a JSON object");
        }
        return new JsonBody(object);
    }

    /** Refuses any field outside {@code known}: a misspelt field must not pass for an absent one. */
    public void allowOnly(Collection<String> known, String what) {
        node.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw Problem.badRequest("Field '" + field + "' is not known " + what + "; known fields: "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        });
    }

    /** The field is present with the value null (an explicit removal in a PATCH). */
    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    public Optional<String> text(String field, Predicate<String> valid, String expected) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isTextual() || !valid.test(value.textValue())) {
            throw Problem.badRequest("Field '" + field + "' must be " + expected);
        }
        return Optional.of(value.textValue());
    }

    public String requiredText(String field, Predicate<String> valid, String expected) {
        return text(field, valid, expected)
                .orElseThrow(() -> Problem.badRequest("Field '" + field + "' is required: " + expected));
    }

    /** A list of texts, each {@code valid}, at most {@code max} of them. */
    public Optional<List<String>> texts(String field, int max, Predicate<String> valid, String expected) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isArray() || value.size() > max) {
            throw Problem.badRequest("Field '" + field + "' must be " + expected);
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !valid.test(item.textValue())) {
                throw Problem.badRequest("Field '" + field + "' must be " + expected);
            }
            texts.add(item.textValue());
        }
        return Optional.of(texts);
    }

    public Optional<Boolean> bool(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw Problem.badRequest("Field '" + field + "' must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    public Optional<Integer> integer(String field, int min, int max) {
        return wholeNumber(field, min, max).map(Long::intValue);
    }

    public Optional<Long> wholeNumber(String field, long min, long max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw Problem.badRequest("Field '" + field + "' must be a whole number from " + min + " to " + max);
        }
        return Optional.of(value.longValue());
    }

    /** Enum values travel in lower case, as the contract spells them. */
    public <E extends Enum<E>> Optional<E> oneOf(String field, Class<E> type) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        E[] constants = type.getEnumConstants();
        if (value.isTextual()) {
            for (E constant : constants) {
                if (wire(constant).equals(value.textValue())) {
                    return Optional.of(constant);
                }
            }
        }
        throw Problem.badRequest("Field '" + field + "' must be one of: "
                + Arrays.stream(constants).map(JsonBody::wire).collect(Collectors.joining(", ")));
    }

    public static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
