package io.odoobackup.encryption;

import io.odoobackup.platform.SqlFiles;
import io.odoobackup.security.Age;
import io.odoobackup.security.SecretBox;
import io.odoobackup.storage.Keyring;
import io.odoobackup.storage.StorageConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Each organization's age identities in the organization_key table, sealed with BACKUP_SECRET_KEY: one active
 * (created on first use) for new backups, retired ones kept to open older backups. A small store class over the
 * statements in sql/ rather than camel-sql endpoints, because storage sessions ask for keys from inside a stream,
 * outside any route.
 */
public final class OrganizationKeys implements Keyring {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final SecretBox secretBox;

    public OrganizationKeys(DataSource dataSource, SecretBox secretBox) {
        this.dataSource = dataSource;
        this.secretBox = secretBox;
    }

    /** The active recipient of the organization, created on first use. */
    public String recipient(String organizationId) {
        try (Connection c = dataSource.getConnection()) {
            String active = active(c, organizationId);
            if (active != null) {
                return active;
            }
            try {
                return create(c, organizationId);
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) { // another backup created it at the same moment
                    return active(c, organizationId);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The organization's encryption key could not be read: " + e.getMessage(), e);
        }
    }

    /** Retires the active identity and makes a new one: new backups go to the new recipient, old ones still open. */
    public Map<String, Object> rotate(String organizationId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            SqlFiles.update(c, "organization-key-retire", Map.of("organization_id", organizationId));
            String recipient = create(c, organizationId);
            c.commit();
            return view(organizationId, recipient);
        }
    }

    /** GET …/encryption: the active recipient (created on first use) and the retired ones. */
    public Map<String, Object> view(String organizationId) throws SQLException {
        return view(organizationId, recipient(organizationId));
    }

    @Override
    public List<String> recipients(StorageConfig config) {
        List<String> recipients = new ArrayList<>();
        recipients.add(recipient(config.organizationId()));
        recipients.addAll(config.ageRecipients());
        return recipients;
    }

    @Override
    public List<String> identities(String organizationId) {
        List<String> identities = new ArrayList<>();
        try {
            for (Map<String, Object> row : SqlFiles.query(dataSource, "organization-key-identities", Map.of("organization_id", organizationId))) {
                identities.add(secretBox.open((String) row.get("identity_sealed")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The organization's encryption keys could not be read: " + e.getMessage(), e);
        }
        return identities;
    }

    /** One identity of an organization; {@code retiredAt} is null for the active one. */
    public record Key(String recipient, String identity, Instant createdAt, Instant retiredAt) {
        @Override
        public String toString() { // the identity is a secret: never in a log line or a message
            return "Key[" + recipient + (retiredAt == null ? ", active]" : ", retired]");
        }
    }

    /** Every identity of the organization, the oldest first (an export). */
    public List<Key> all(String organizationId) throws SQLException {
        List<Key> all = new ArrayList<>();
        for (Map<String, Object> row : SqlFiles.query(dataSource, "organization-key-all", Map.of("organization_id", organizationId))) {
            Timestamp retired = (Timestamp) row.get("retired_at");
            all.add(new Key((String) row.get("recipient"), secretBox.open((String) row.get("identity_sealed")),
                    ((Timestamp) row.get("created_at")).toInstant(), retired == null ? null : retired.toInstant()));
        }
        return all;
    }

    /**
     * Adds the identities the organization lacks (an import), in one transaction: an identity already present is left
     * as it is, and one that was active elsewhere comes in retired when the organization has an active one already.
     * How many were added.
     */
    public int restore(String organizationId, List<Key> keys) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int added = 0;
                for (Key key : keys) {
                    if (has(c, organizationId, key.recipient())) {
                        continue;
                    }
                    Instant retired = key.retiredAt() == null && active(c, organizationId) != null ? Instant.now() : key.retiredAt();
                    insert(c, organizationId, key.recipient(), key.identity(), Timestamp.from(key.createdAt()),
                            retired == null ? null : Timestamp.from(retired));
                    added++;
                }
                c.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean has(Connection c, String organizationId, String recipient) throws SQLException {
        return SqlFiles.first(c, "organization-key-has", Map.of("organization_id", organizationId, "recipient", recipient)).isPresent();
    }

    private Map<String, Object> view(String organizationId, String recipient) throws SQLException {
        List<String> retired = SqlFiles.query(dataSource, "organization-key-retired", Map.of("organization_id", organizationId))
                .stream().map(row -> (String) row.get("recipient")).toList();
        return Map.of("organization_id", organizationId, "recipient", recipient, "retired_recipients", retired);
    }

    private static String active(Connection c, String organizationId) throws SQLException {
        return SqlFiles.first(c, "organization-key-active", Map.of("organization_id", organizationId))
                .map(row -> (String) row.get("recipient")).orElse(null);
    }

    private String create(Connection c, String organizationId) throws SQLException {
        String[] key = Age.newIdentity();
        insert(c, organizationId, key[0], key[1], null, null);
        return key[0];
    }

    /** An identity, sealed; without dates it is created now and active. */
    private void insert(Connection c, String organizationId, String recipient, String identity, Timestamp createdAt, Timestamp retiredAt)
            throws SQLException {
        SqlFiles.update(c, "organization-key-insert", SqlFiles.parameters("id", UUID.randomUUID().toString(),
                "organization_id", organizationId, "recipient", recipient, "identity_sealed", secretBox.seal(identity),
                "created_at", createdAt, "retired_at", retiredAt));
    }
}
