package io.odoobackup.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.postgresql.util.PGobject;

/**
 * The one ObjectMapper of the service: snake_case names, ISO-8601 UTC timestamps to the second, and
 * database rows (timestamps, json columns) written as the contract shows them.
 */
public final class JsonMapper {

    private JsonMapper() {
    }

    public static ObjectMapper create() {
        SimpleModule contract = new SimpleModule("contract");
        contract.addSerializer(Date.class, serializer((d, g) -> g.writeString(iso(d.toInstant()))));
        contract.addSerializer(Instant.class, serializer((i, g) -> g.writeString(iso(i))));
        contract.addSerializer(OffsetDateTime.class, serializer((t, g) -> g.writeString(iso(t.toInstant()))));
        contract.addSerializer(PGobject.class, serializer((o, g) -> g.writeRawValue(o.getValue())));
        return new ObjectMapper()
                .registerModule(contract)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private interface Writer<T> {
        void write(T value, JsonGenerator gen) throws IOException;
    }

    private static <T> JsonSerializer<T> serializer(Writer<T> writer) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                writer.write(value, gen);
            }
        };
    }
}
