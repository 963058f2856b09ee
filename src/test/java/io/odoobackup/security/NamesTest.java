package io.odoobackup.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"env-1", "a", "ENV_2", "0b5e7c1e-9f6a-4a57-8d1e-2f3c4b5a6d7e"})
    void plainIdsPass(String id) {
        assertThat(Names.ID.test(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-rf", "a b", "a;b", "a$(id)", "a`id`", "../x", "a/b", "a\u0000b", "é", "a.b",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void hostileIdsFail(String id) {
        assertThat(Names.ID.test(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/odoo/filestore/db", "/a", "/a/b.c/d-e_f/"})
    void plainAbsolutePathsPass(String path) {
        assertThat(Names.ABSOLUTE_PATH.test(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative", "/a/../etc", "/..", "/a/./b", "/a b", "/a;b", "//", "/a/$HOME", "-/a"})
    void unsafePathsFail(String path) {
        assertThat(Names.ABSOLUTE_PATH.test(path)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"odoo", "odoo_prod", "my-db.1"})
    void databaseNamesPass(String name) {
        assertThat(Names.DB_NAME.test(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help", ".hidden", "host=evil", "a b", "a'b"})
    void optionLikeDatabaseNamesFail(String name) {
        assertThat(Names.DB_NAME.test(name)).isFalse();
    }
}
