package io.odoobackup.encryption;

import io.odoobackup.security.Age;
import io.odoobackup.security.SecretBox;
import io.odoobackup.storage.Keyring;
import io.odoobackup.storage.StorageConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * (created on first use) for new backups, retired ones kept to open older backups. A small store class rather than
 * camel-sql because storage sessions ask for keys from inside a stream, outside any route.
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
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE organization_key SET retired_at = now() WHERE organization_id = ? AND retired_at IS NULL")) {
                ps.setString(1, organizationId);
                ps.executeUpdate();
            }
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
            for (String sealed : column("SELECT identity_sealed FROM organization_key WHERE organization_id = ? ORDER BY created_at DESC",
                    organizationId)) {
                identities.add(secretBox.open(sealed));
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT recipient,"
                + " identity_sealed, created_at, retired_at FROM organization_key WHERE organization_id = ? ORDER BY created_at")) {
            ps.setString(1, organizationId);
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    Timestamp retired = rows.getTimestamp(4);
                    all.add(new Key(rows.getString(1), secretBox.open(rows.getString(2)), rows.getTimestamp(3).toInstant(),
                            retired == null ? null : retired.toInstant()));
                }
            }
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
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO organization_key (id, organization_id, recipient,"
                            + " identity_sealed, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ps.setString(2, organizationId);
                        ps.setString(3, key.recipient());
                        ps.setString(4, secretBox.seal(key.identity()));
                        ps.setTimestamp(5, Timestamp.from(key.createdAt()));
                        ps.setTimestamp(6, retired == null ? null : Timestamp.from(retired));
                        ps.executeUpdate();
                    }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organization_key WHERE organization_id = ? AND recipient = ?")) {
            ps.setString(1, organizationId);
            ps.setString(2, recipient);
            try (ResultSet row = ps.executeQuery()) {
                return row.next();
            }
        }
    }

    private Map<String, Object> view(String organizationId, String recipient) throws SQLException {
        List<String> retired = column("SELECT recipient FROM organization_key WHERE organization_id = ? AND retired_at IS NOT NULL"
                + " ORDER BY retired_at DESC", organizationId);
        return Map.of("organization_id", organizationId, "recipient", recipient, "retired_recipients", retired);
    }

    /** The one column a query of the organization's keys selects, row by row. */
    private List<String> column(String sql, String organizationId) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, organizationId);
            try (ResultSet rows = ps.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    private static String active(Connection c, String organizationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT recipient FROM organization_key WHERE organization_id = ? AND retired_at IS NULL")) {
            ps.setString(1, organizationId);
            try (ResultSet row = ps.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private String create(Connection c, String organizationId) throws SQLException {
        String[] key = Age.newIdentity();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO organization_key (id, organization_id, recipient, identity_sealed) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, organizationId);
            ps.setString(3, key[0]);
            ps.setString(4, secretBox.seal(key[1]));
            ps.executeUpdate();
        }
        return key[0];
    }
}
