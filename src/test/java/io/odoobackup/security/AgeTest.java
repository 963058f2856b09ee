package io.odoobackup.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgeTest {

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    @Test
    void theStoredSizeIsKnownBeforeEncryptingForAnyLengthAndRecipients() throws IOException {
        String[] first = Age.newIdentity();
        String[] second = Age.newIdentity();
        for (List<String> recipients : List.of(List.of(first[0]), List.of(first[0], second[0]))) {
            for (int size : new int[] {0, 1, 65535, 65536, 65537, 131072, 200_000}) {
                byte[] plain = random(size);
                byte[] cipher = Age.encrypting(new ByteArrayInputStream(plain), recipients).readAllBytes();
                assertThat((long) cipher.length).as(size + " bytes for " + recipients.size()).isEqualTo(Age.encryptedSize(size, recipients.size()));
                assertThat(Age.decrypting(new ByteArrayInputStream(cipher), List.of(second[1], first[1])).readAllBytes()).isEqualTo(plain);
            }
        }
    }

    @Test
    void anIdentityGivesItsRecipientAndNothingElseDoes() {
        String[] key = Age.newIdentity();
        assertThat(Age.recipientOf(key[1])).isEqualTo(key[0]);
        assertThat(Age.recipientOf(Age.newIdentity()[1])).isNotEqualTo(key[0]);
        assertThatThrownBy(() -> Age.recipientOf("AGE-SECRET-KEY-1NOTAKEY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedByteOrAnotherKeyFailsTheRead() throws IOException {
        String[] key = Age.newIdentity();
        byte[] cipher = Age.encrypting(new ByteArrayInputStream(random(150_000)), List.of(key[0])).readAllBytes();
        cipher[cipher.length / 2] ^= 1;
        assertThatThrownBy(() -> Age.decrypting(new ByteArrayInputStream(cipher), List.of(key[1])).readAllBytes())
                .isInstanceOf(IOException.class);
        byte[] whole = Age.encrypting(new ByteArrayInputStream(random(10)), List.of(key[0])).readAllBytes();
        assertThatThrownBy(() -> Age.decrypting(new ByteArrayInputStream(whole), List.of(Age.newIdentity()[1])).readAllBytes())
                .isInstanceOf(IOException.class);
        assertThat(Age.RECIPIENT.matcher(key[0]).matches()).isTrue();
        assertThat(key[1]).startsWith("AGE-SECRET-KEY-1");
    }
}
