package io.odoobackup.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PoolIndexTest {

    private static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    @Test
    void aLineIsOneFileWhateverItsPathHolds() {
        for (String path : new String[] {"da/" + SHA1, "odd names/file with spaces ü.txt", "a\nb", "back\\slash\\n", "x y  z "}) {
            PoolIndex.Entry entry = new PoolIndex.Entry(SHA1, 0, path);
            assertThat(entry.line()).doesNotContain("\n");
            assertThat(PoolIndex.parse(entry.line(), 1)).isEqualTo(entry);
        }
    }

    @Test
    void onlyOdoosOwnLayoutNamesAFileByItsSha1() {
        assertThat(PoolIndex.odooSha1("da/" + SHA1)).isEqualTo(SHA1);
        assertThat(PoolIndex.odooSha1("db/" + SHA1)).as("a folder that is not the name's start").isNull();
        assertThat(PoolIndex.odooSha1("x/da/" + SHA1)).isNull();
        assertThat(PoolIndex.odooSha1("da/" + SHA1.toUpperCase())).isNull();
        assertThat(PoolIndex.odooSha1("da/" + SHA1 + ".txt")).isNull();
    }

    @Test
    void aLineThatLeavesTheFilestoreOrIsNotOneFileIsRefused() {
        for (String line : new String[] {SHA1 + " 1 ../etc/passwd", SHA1 + " 1 /etc/passwd", SHA1 + " 1 a/../../b",
                SHA1 + " 1 a//b", SHA1 + " 1 ./a", SHA1 + " -1 a", "xyz 1 a", SHA1 + " 1", SHA1 + " 1 a\\tb", SHA1 + " one a"}) {
            assertThatThrownBy(() -> PoolIndex.parse(line, 7)).as(line).hasMessageContaining("line 7");
        }
    }
}
