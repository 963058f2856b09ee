package io.odoobackup.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odoobackup.alerts.NotificationChannels.Channel;
import io.odoobackup.platform.Causes;
import io.odoobackup.storage.Egress;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends one alert message on one channel: an e-mail over SMTP (STARTTLS, TLS or plain; the server's certificate
 * checked against the system's CAs or the channel's own CA), or a JSON POST (the alert object, or Slack's and
 * Mattermost's {"text"}) signed with HMAC-SHA256 when the channel has a secret. Jakarta Mail and the JDK's HTTP
 * client are used directly: a tenant's host, port and credentials are data here, never text of an endpoint URI. Every
 * answer and failure is said in words without the channel's secrets.
 */
public final class Notifier {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    public static final String SIGNATURE = "X-Odoo-Backup-Signature";

    private final ObjectMapper json;
    private final Egress egress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

    public Notifier(ObjectMapper json, Egress egress) {
        this.json = json;
        this.egress = egress;
    }

    /** What the server answered; an exception saying why it was not accepted (its message is secret-free). */
    public String send(Channel channel, JsonNode alert, boolean test) throws Failed {
        try {
            return channel.kind().equals("email") ? email(channel, alert, test) : webhook(channel, alert, test);
        } catch (Failed e) {
            throw e;
        } catch (Exception e) {
            throw new Failed(channel.redact(describe(e)));
        }
    }

    private String email(Channel channel, JsonNode alert, boolean test) throws Exception {
        reachable(channel.setting("smtp_host"));
        String security = channel.setting("smtp_security");
        Properties properties = new Properties();
        String protocol = security.equals("tls") ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", channel.setting("smtp_host"));
        properties.put("mail." + protocol + ".port", channel.setting("smtp_port"));
        properties.put("mail." + protocol + ".connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        properties.put("mail." + protocol + ".timeout", Long.toString(TIMEOUT.toMillis()));
        properties.put("mail." + protocol + ".writetimeout", Long.toString(TIMEOUT.toMillis()));
        properties.put("mail." + protocol + ".auth", Boolean.toString(channel.setting("smtp_username") != null));
        properties.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (security.equals("starttls")) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true"); // never the password in clear after a stripped STARTTLS
        }
        if (channel.setting("smtp_ca") != null) {
            properties.put("mail." + protocol + ".ssl.socketFactory", trusting(channel.setting("smtp_ca")).getSocketFactory());
        }
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // the same alert's same change has the same id: a mail system that sees it twice may drop the second
                setHeader("Message-ID", "<" + (test ? "test-" + System.nanoTime() : alert.path("id").asText() + "."
                        + alert.path("status").asText()) + "@odoo-backup>");
            }
        };
        message.setFrom(new InternetAddress(channel.setting("from")));
        for (Object to : (List<?>) channel.settings().get("to")) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to.toString()));
        }
        message.setSubject(subject(alert, test), "UTF-8");
        message.setText(text(alert, test), "UTF-8");
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect(channel.setting("smtp_username"), channel.secrets().get("smtp_password"));
            transport.sendMessage(message, message.getAllRecipients());
            return "the SMTP server " + channel.setting("smtp_host") + " answered: " + transport.getLastServerResponse().strip();
        } catch (AuthenticationFailedException e) {
            throw new Failed("login failed at the SMTP server " + channel.setting("smtp_host") + ": " + channel.redact(String.valueOf(e.getMessage())).strip()
                    + "; check smtp_username and smtp_password");
        }
    }

    private String webhook(Channel channel, JsonNode alert, boolean test) throws Exception {
        reachable(URI.create(channel.setting("url")).getHost());
        byte[] body = channel.setting("style").equals("slack")
                ? json.writeValueAsBytes(Map.of("text", subject(alert, test) + "\n" + text(alert, test)))
                : test ? json.writeValueAsBytes(Map.of("test", true, "summary", text(alert, true))) : json.writeValueAsBytes(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.setting("url"))).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("User-Agent", "odoo-backup")
                .header("X-Odoo-Backup-Delivery", test ? "test" : alert.path("id").asText() + "." + alert.path("status").asText())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String secret = channel.secrets().get("secret");
        if (secret != null) {
            request.header(SIGNATURE, "sha256=" + hmac(secret, body));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String said = answer.body() == null ? "" : answer.body().strip();
        said = said.length() > 200 ? said.substring(0, 200) + "..." : said;
        if (answer.statusCode() / 100 != 2) {
            throw new Failed(channel.redact("the webhook answered HTTP " + answer.statusCode() + (said.isEmpty() ? "" : ": " + said)));
        }
        return channel.redact("the webhook answered HTTP " + answer.statusCode() + (said.isEmpty() ? "" : ": " + said));
    }

    /** The egress rule of storage, again before every message: a name may resolve elsewhere since it was saved. */
    private void reachable(String host) throws Failed {
        try {
            egress.resolve(host);
        } catch (Egress.Refused e) {
            throw new Failed(e.getMessage());
        } catch (java.net.UnknownHostException e) {
            throw new Failed("the host " + host + " is not known (" + e.getMessage() + ")");
        }
    }

    /** HMAC-SHA256 of the raw body with the channel's secret, as hex: what a receiver computes to trust a message. */
    public static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    static String subject(JsonNode alert, boolean test) {
        if (test) {
            return "[odoo-backup] Test message";
        }
        return "[odoo-backup] " + (alert.path("status").asText().equals("resolved") ? "RESOLVED" : "ALERT") + ": "
                + alert.path("summary").asText();
    }

    static String text(JsonNode alert, boolean test) {
        if (test) {
            return "This channel works: alerts of odoo-backup will come this way.";
        }
        JsonNode details = alert.path("details");
        StringBuilder text = new StringBuilder(alert.path("summary").asText()).append("\n\n");
        text.append("Rule: ").append(alert.path("rule").asText()).append('\n');
        if (!alert.path("environment_id").isNull() && !alert.path("environment_id").isMissingNode()) {
            text.append("Environment: ").append(alert.path("environment_id").asText()).append('\n');
        }
        text.append("Organization: ").append(alert.path("organization_id").asText()).append('\n');
        text.append("Since: ").append(details.path("since").asText(alert.path("opened_at").asText())).append('\n');
        if (alert.path("status").asText().equals("resolved")) {
            text.append("Resolved at: ").append(alert.path("resolved_at").asText()).append('\n');
        } else {
            text.append("What to do: ").append(details.path("what_to_do").asText()).append('\n');
        }
        text.append("Alert: ").append(alert.path("id").asText()).append('\n');
        return text.toString();
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            trusted.setCertificateEntry("ca-" + i++, (X509Certificate) certificate);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String describe(Exception e) {
        String what = Causes.describe(e);
        return e instanceof MessagingException ? "the SMTP server could not be reached or refused the message (" + what + ")"
                : "cannot reach the webhook (" + what + ")";
    }

    /** A message that was not accepted, and why, in words without secrets. */
    public static final class Failed extends Exception {
        public Failed(String why) {
            super(why, null, false, false);
        }
    }
}
