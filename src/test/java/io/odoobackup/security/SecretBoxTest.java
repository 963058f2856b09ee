package io.odoobackup.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    @Test
    void sealedSecretsOpenWithTheSameKeyOnly() {
        SecretBox box = new SecretBox("key-one");
        String sealed = box.seal("{\"secret_key\":\"wJalrXUtnFEMI\"}");
        assertThat(sealed).startsWith("v1:").doesNotContain("wJalrXUtnFEMI");
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
        assertThat(box.open(sealed)).isEqualTo("{\"secret_key\":\"wJalrXUtnFEMI\"}");
        assertThatThrownBy(() -> new SecretBox("key-two").open(sealed))
                .hasMessageContaining("BACKUP_SECRET_KEY").hasMessageNotContaining("wJalr");
    }
}
