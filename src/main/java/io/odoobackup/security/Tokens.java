package io.odoobackup.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.platform.SqlFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * API tokens: issued once in clear, kept only as a SHA-256 hash, scoped to an organization and permissions. The API's
 * side of them (requests, answers) is api.TokenRequests.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<String>> PERMISSIONS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final DataSource dataSource;

    public Tokens(ObjectMapper json, DataSource dataSource) {
        this.json = json;
        this.dataSource = dataSource;
    }

    /** The caller a live token stands for. */
    public Optional<Principal> find(String token) throws SQLException, JsonProcessingException {
        Optional<Map<String, Object>> row = SqlFiles.first(dataSource, "token-find", Map.of("token_hash", hash(token)));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Principal((String) row.get().get("id"), (String) row.get().get("organization_id"),
                Set.copyOf(permissions(String.valueOf(row.get().get("permissions"))))));
    }

    /** A new token: "obk_" and 32 random bytes, URL-safe; shown once, kept only as its hash. */
    public static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "obk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The permissions a token's row holds, as stored (a JSON array). */
    public List<String> permissions(String stored) throws JsonProcessingException {
        return json.readValue(stored, PERMISSIONS);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
