package io.odoobackup.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.odoobackup.storage.StorageConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets come out of texts where they stand as tokens, in the encodings servers echo, never out of other words. */
class RedactionTest {

    private static StorageConfig withPassword(String password) {
        return new StorageConfig("c", "org", "n", "ftp", Map.of(), Map.of("ftp_password", password));
    }

    @Test
    void oneAndTwoLetterSecretsLeaveOrdinaryWordsAlone() {
        String message = "java.net.SocketException: Connection reset by peer at Example.java";
        assertThat(withPassword("E").redact(message)).isEqualTo(message);
        assertThat(withPassword("e").redact(message)).isEqualTo(message);
        assertThat(withPassword("ti").redact(message)).isEqualTo(message);
        assertThat(withPassword("at").redact("cannot connect: that failed")).isEqualTo("cannot connect: that failed");
    }

    @Test
    void aShortSecretStandingAloneIsMasked() {
        assertThat(withPassword("E").redact("login failed for password E (530)")).isEqualTo("login failed for password **** (530)");
        assertThat(withPassword("ab").redact("user=x pass=ab;")).isEqualTo("user=x pass=****;");
    }

    @Test
    void aGuessThatIsOnlyPartOfTheSecretIsNotMasked() {
        StorageConfig config = withPassword("hunter2");
        assertThat(config.redact("bucket hunter does not exist")).isEqualTo("bucket hunter does not exist");
        assertThat(config.redact("bucket hunter2 does not exist")).isEqualTo("bucket **** does not exist");
    }

    @Test
    void encodingsOfTheSecretAreMasked() {
        String secret = "p@ss w0rd/+x";
        StorageConfig config = withPassword(secret);
        String url = "ftp://user:" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "@host/";
        assertThat(config.redact(url)).isEqualTo("ftp://user:****@host/");
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(config.redact("Authorization: Basic " + base64)).isEqualTo("Authorization: Basic ****");
        assertThat(config.redact("server said: " + secret + ".")).isEqualTo("server said: ****.");
    }

    @Test
    void secretsWithPunctuationAtTheirEdgesAreMaskedWhereverTheyStand() {
        StorageConfig config = withPassword("{{env:HOME}})&x=RAW(");
        assertThat(config.redact("pw{{env:HOME}})&x=RAW(end")).isEqualTo("pw****end");
    }
}
