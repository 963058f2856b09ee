package io.odoobackup.encryption;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.api.JsonBody;
import io.odoobackup.api.Problem;
import io.odoobackup.security.Age;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * An organization's identities out of the records and back (docs/api.md §13): the export is an age identity file
 * (comments name each recipient, which one is active and when each was retired) encrypted to a recipient the operator
 * holds, armored; {@code age -d -i <their key>} reads it without this service, and the import takes it back.
 */
public final class KeyEscrow {

    private static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    private static final String ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
    private static final Pattern IDENTITY = Pattern.compile("AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}");
    private static final Pattern COMMENT = Pattern.compile("# recipient: (age1\\S+); created: (\\S+); (active|retired: (\\S+))");

    private final ObjectMapper json;
    private final OrganizationKeys keys;

    public KeyEscrow(ObjectMapper json, OrganizationKeys keys) {
        this.json = json;
        this.keys = keys;
    }

    /** POST …/encryption/export {"recipient"}: every identity of the organization, encrypted to that recipient. */
    public Map<String, Object> export(String organizationId, Exchange exchange) throws IOException, SQLException {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), Set.of("recipient"), "in an export");
        String recipient = body.requiredText("recipient", r -> Age.RECIPIENT.matcher(r).matches(),
                "an age recipient (age1…, as `age-keygen -y` prints it) whose identity you keep apart from this service");
        List<OrganizationKeys.Key> all = keys.all(organizationId);
        if (all.isEmpty()) {
            throw Problem.notFound("Organization " + organizationId + " has no encryption keys yet: nothing to export");
        }
        StringBuilder file = new StringBuilder("# age identities of organization " + organizationId + ", exported by odoo-backup at "
                + Instant.now() + "\n");
        for (OrganizationKeys.Key key : all) {
            file.append("# recipient: ").append(key.recipient()).append("; created: ").append(key.createdAt()).append("; ")
                    .append(key.retiredAt() == null ? "active" : "retired: " + key.retiredAt()).append('\n')
                    .append(key.identity()).append('\n');
        }
        byte[] encrypted;
        try (InputStream in = Age.encrypting(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.US_ASCII)),
                List.of(recipient))) {
            encrypted = in.readAllBytes();
        }
        return Map.of("organization_id", organizationId, "keys", all.size(), "identities", armor(encrypted));
    }

    /** POST …/encryption/import {"identities","identity"}: the identities the records lack are added; none is replaced. */
    public Map<String, Object> importKeys(String organizationId, Exchange exchange) throws SQLException {
        JsonBody body = JsonBody.parse(json, exchange.getMessage().getBody(String.class), Set.of("identities", "identity"),
                "in an import");
        String armored = body.requiredText("identities", text -> text.strip().startsWith(ARMOR_BEGIN),
                "the armored age file an export answered (it begins with " + ARMOR_BEGIN + ")");
        String identity = body.requiredText("identity", text -> IDENTITY.matcher(text.strip()).matches(),
                "the age identity (AGE-SECRET-KEY-1…) of the recipient the identities were exported to");
        String file;
        try (InputStream in = Age.decrypting(new ByteArrayInputStream(dearmor(armored)), List.of(identity.strip()))) {
            file = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw Problem.badRequest("Field 'identities' cannot be decrypted with this identity: give the identity of the"
                    + " recipient the export was made for, and the export's text unchanged");
        }
        List<OrganizationKeys.Key> found = parse(file);
        if (found.isEmpty()) {
            throw Problem.badRequest("Field 'identities' holds no age identity: give the text an export answered");
        }
        int added = keys.restore(organizationId, found);
        return Map.of("organization_id", organizationId, "found", found.size(), "imported", added, "present", found.size() - added,
                "recipient", keys.recipient(organizationId));
    }

    private static List<OrganizationKeys.Key> parse(String file) {
        List<OrganizationKeys.Key> found = new ArrayList<>();
        Matcher described = null;
        for (String line : file.split("\n")) {
            String text = line.strip();
            Matcher comment = COMMENT.matcher(text);
            if (comment.matches()) {
                described = comment;
            } else if (IDENTITY.matcher(text).matches()) {
                String recipient = Age.recipientOf(text);
                boolean active = described != null && described.group(1).equals(recipient) && described.group(3).equals("active");
                Instant created = described != null && described.group(1).equals(recipient) ? Instant.parse(described.group(2)) : Instant.now();
                found.add(new OrganizationKeys.Key(recipient, text, created, active ? null : retired(described, recipient)));
                described = null;
            }
        }
        return found;
    }

    /** When the export says the identity was retired; an identity it says nothing of is imported as retired now. */
    private static Instant retired(Matcher described, String recipient) {
        return described != null && described.group(1).equals(recipient) && described.group(4) != null
                ? Instant.parse(described.group(4)) : Instant.now();
    }

    /** age's armor (age-encryption.org/v1, "ASCII armor"): base64 in lines of 64 between two marker lines. */
    private static String armor(byte[] bytes) {
        return ARMOR_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes)
                + "\n" + ARMOR_END + "\n";
    }

    private static byte[] dearmor(String armored) {
        String text = armored.strip();
        int end = text.indexOf(ARMOR_END);
        if (end < 0) {
            throw Problem.badRequest("Field 'identities' lacks its last line (" + ARMOR_END + "): give the whole text an export answered");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(ARMOR_BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("Field 'identities' is not an armored age file: give the text an export answered, unchanged");
        }
    }
}
