package io.odoobackup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysAndHostsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "backups/org/env/id.zip", "p.q/backups/.partial-x.zip", "A-Z_a-z.0-9/x"})
    void plainKeysPass(String key) {
        assertThat(Keys.check(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a/", "a//b", "../x", "a/../b", "a/./b", ".", "-rf", "a/-x", "a b", "a\\b", "a*", "a?",
            "{{env:HOME}}", "a%2e", "é", "a\nb"})
    void hostileKeysFail(String key) {
        assertThatThrownBy(() -> Keys.check(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partialNamesSitBesideTheirObject() {
        assertThat(Keys.partial("backups/o/e/b.zip")).isEqualTo("backups/o/e/.partial-b.zip");
        assertThat(Keys.partial("b.zip")).isEqualTo(".partial-b.zip");
        assertThat(Keys.isLeftover(".partial-b.zip")).isTrue();
        assertThat(Keys.isLeftover(Keys.PROBE + "x")).isTrue();
        assertThat(Keys.isLeftover("b.zip")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://minio:9000", "https://s3.eu-central-1.amazonaws.com", "http://10.0.0.5:9000/", "https://a-b.c"})
    void endpointUrlsOfAHostAndPortPass(String url) {
        assertThat(Hosts.ENDPOINT_URL.test(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.test/x#", "http://evil.test/x", "http://a@evil.test", "http://evil.test?x=1", "ftp://h",
            "http://h:0", "http://h:99999", "http://-h", "http://h_", "http://[::1]", "http://h%2f", "http://{{env:HOME}}",
            "http://h:80#bean", "javascript:x", "http://h .com"})
    void endpointUrlsThatCouldMoveTheHostFail(String url) {
        assertThat(Hosts.ENDPOINT_URL.test(url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.test/x#", "a@b", "a:1", "-a", "a..b", "{{env:X}}", "a b", "h%2e"})
    void hostNamesAreNamesOnly(String host) {
        assertThat(Hosts.NAME.test(host)).isFalse();
    }
}
