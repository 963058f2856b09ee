package io.odoobackup.storage;

import io.odoobackup.it.Tools;
import io.odoobackup.platform.Stalls;
import io.odoobackup.security.Age;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The storage contract, run against every driver on a real server: what {@link Storage} promises, checked the
 * same way for each. A driver's test class says how to reach its server; the cases are all here. The large
 * stream is {@code -Dconformance.bytes} long (48 MiB by default; give 5g for a multi-gigabyte run).
 */
public abstract class StorageConformance {

    protected static final long LARGE = Long.parseLong(System.getProperty("conformance.bytes", String.valueOf(48L << 20)));
    protected static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** A folder or prefix of this test run, so that runs and drivers never meet. */
    protected final String prefix = "conformance-" + Long.toString(System.nanoTime(), 36);

    /** The driver under test, configured for this machine's server. */
    protected abstract StorageDriver driver();

    /** The egress rule the tests' drivers and seam use: the test servers listen on this machine's loopback. */
    protected static final Egress LOCAL_SERVERS = new Egress("127.0.0.1/32");

    /** A configuration that reaches the server (at {@code port}, or its own port when 0) with good credentials. */
    protected abstract StorageConfig config(int port);

    /** The same with a wrong secret; null for a driver without credentials. */
    protected abstract StorageConfig wrongCredentials();

    /** The server's own port, for a proxy in front of it; 0 for storage that is not a network server. */
    protected abstract int serverPort();

    /** Where the server keeps the object of a key on this machine's disk. */
    protected abstract Path serverFile(String key);

    protected StorageConfig config() {
        return config(0);
    }

    protected String key(String name) {
        return prefix + "/backups/" + name;
    }

    /** Removes the test's folders on the server once it is checked; objects were deleted by each test. */
    protected void removeFolders() throws Exception {
    }

    @AfterEach
    void nothingIsLeftBehind() throws Exception {
        try (Storage storage = driver().open(config())) {
            storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofDays(1)));
            assertThat(storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofDays(1)))).as("leftovers after a clean").isZero();
        }
        removeFolders();
    }

    @Test
    void anObjectIsStoredReadSizedAndDeleted() throws Exception {
        String key = key("object.zip");
        try (Storage storage = driver().open(config())) {
            assertThat(storage.size(key)).isEmpty();
            storage.put(key, TestStreams.pattern(100_000, 1));
            assertThat(storage.size(key)).hasValue(100_000);
            assertThat(TestStreams.sha256(storage.open(key))).isEqualTo(TestStreams.sha256(TestStreams.pattern(100_000, 1)));
            storage.put(key, TestStreams.pattern(5000, 2)); // a second put replaces the object
            assertThat(TestStreams.sha256(storage.open(key))).isEqualTo(TestStreams.sha256(TestStreams.pattern(5000, 2)));
            assertThat(storage.delete(key)).isTrue();
            assertThat(storage.size(key)).isEmpty();
            assertThat(storage.delete(key)).as("deleting what is gone").isFalse();
            assertThatThrownBy(() -> storage.open(key).close()).isInstanceOf(ObjectMissing.class);
        }
    }

    /** A resumed download: the bytes from an offset on, the same as the tail of the whole object. */
    @Test
    void anObjectReadsFromAnOffset() throws Exception {
        String key = key("resumed.zip");
        try (Storage storage = driver().open(config())) {
            storage.put(key, TestStreams.pattern(100_000, 10));
            InputStream whole = TestStreams.pattern(100_000, 10);
            whole.skipNBytes(61_234);
            assertThat(TestStreams.sha256(storage.open(key, 61_234))).isEqualTo(TestStreams.sha256(whole));
            try (InputStream end = storage.open(key, 100_000)) {
                assertThat(end.read()).isEqualTo(-1);
            }
            assertThat(storage.delete(key)).isTrue();
            assertThatThrownBy(() -> storage.open(key, 10).close()).isInstanceOf(ObjectMissing.class);
        }
    }

    /** The keys of one organization with one identity: what the service's key table would give. */
    private static final class OneKey implements Keyring {
        final String[] key = Age.newIdentity();

        @Override
        public List<String> recipients(StorageConfig config) {
            return List.of(key[0]);
        }

        @Override
        public List<String> identities(String organizationId) {
            return List.of(key[1]);
        }
    }

    /** Under a .age key the driver stores age ciphertext of the size said ahead, and reading gives the plaintext back. */
    @Test
    void anEncryptedObjectIsCiphertextInStorageAndPlaintextToTheService() throws Exception {
        Stalls stalls = new Stalls(Duration.ofSeconds(30));
        stalls.start();
        String key = key("encrypted.zip.age");
        try {
            OneKey keys = new OneKey();
            StorageDrivers drivers = new StorageDrivers(List.of(driver()), stalls, keys, LOCAL_SERVERS);
            SentBytes sent = drivers.put(config(), key, TestStreams.pattern(300_000, 11));
            assertThat(sent.size()).isEqualTo(Age.encryptedSize(300_000, 1));
            try (Storage storage = driver().open(config())) {
                assertThat(storage.size(key)).hasValue(Age.encryptedSize(300_000, 1));
                try (InputStream stored = storage.open(key)) {
                    assertThat(new String(stored.readNBytes(21), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
                }
            }
            try (InputStream plain = drivers.open(config(), key)) {
                assertThat(TestStreams.sha256(plain)).isEqualTo(TestStreams.sha256(TestStreams.pattern(300_000, 11)));
            }
            // Debian's age opens what the driver stored
            Path cipher = Files.createTempFile("conformance", ".age");
            Path identity = Files.createTempFile("conformance", ".key");
            try {
                try (InputStream stored = drivers.openStored(config(), key)) {
                    Files.copy(stored, cipher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                assertThat(sent.checksum()).as("what was sent is what is stored").endsWith(TestStreams.sha256(Files.newInputStream(cipher)));
                Files.writeString(identity, keys.key[1] + "\n");
                Process age = new ProcessBuilder("age", "-d", "-i", identity.toString(), cipher.toString()).redirectErrorStream(true).start();
                assertThat(TestStreams.sha256(age.getInputStream())).isEqualTo(TestStreams.sha256(TestStreams.pattern(300_000, 11)));
                assertThat(age.waitFor()).isZero();
            } finally {
                Files.deleteIfExists(cipher);
                Files.deleteIfExists(identity);
            }
            InputStream tail = TestStreams.pattern(300_000, 11);
            tail.skipNBytes(250_000);
            assertThat(TestStreams.sha256(drivers.open(config(), key, 250_000))).isEqualTo(TestStreams.sha256(tail));
            assertThat(drivers.delete(config(), key)).isTrue();
        } finally {
            stalls.stop();
        }
    }

    @Test
    void anEmptyObjectIsAnObject() throws Exception {
        String key = key("empty.zip");
        try (Storage storage = driver().open(config())) {
            storage.put(key, InputStream.nullInputStream());
            assertThat(storage.size(key)).hasValue(0);
            try (InputStream in = storage.open(key)) {
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(storage.delete(key)).isTrue();
        }
    }

    @Test
    void aLargeStreamIsStoredWholeWithoutBeingHeld() throws Exception {
        String key = key("large.zip");
        long started = System.nanoTime();
        try (Storage storage = driver().open(config())) {
            storage.put(key, TestStreams.pattern(LARGE, 3));
            assertThat(storage.size(key)).hasValue(LARGE);
            String expected = TestStreams.sha256(TestStreams.pattern(LARGE, 3));
            assertThat(TestStreams.sha256(storage.open(key))).isEqualTo(expected);
            assertThat(TestStreams.sha256(storage.openWhole(key))).as("read whole, as the verification reads it").isEqualTo(expected);
            assertThat(storage.delete(key)).isTrue();
        }
        System.out.printf("%s: %d MiB put and read back in %d ms%n", getClass().getSimpleName(), LARGE >> 20,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void keysWithEveryAllowedCharacterWork() throws Exception {
        String key = prefix + "/backups/ABCDEFGHIJKLMNOPQRSTUVWXYZ/abcdefghijklmnopqrstuvwxyz/0123456789_.-/_x.y-z.zip";
        try (Storage storage = driver().open(config())) {
            storage.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}));
            assertThat(storage.size(key)).hasValue(3);
            assertThat(serverFile(key)).exists();
            assertThat(storage.delete(key)).isTrue();
        }
    }

    @Test
    void wrongCredentialsFailSayingSoWithoutTheSecret() throws Exception {
        StorageConfig wrong = wrongCredentials();
        assumeTrue(wrong != null, "this storage has no credentials");
        String key = key("denied.zip");
        try (Storage storage = driver().open(wrong)) {
            assertThatThrownBy(() -> storage.put(key, TestStreams.pattern(1000, 4))).satisfies(failure -> {
                String said = driver().describe(failure);
                assertThat(said).containsAnyOf("login failed", "access denied");
                wrong.secrets().values().forEach(secret -> assertThat(said).doesNotContain(secret));
            });
        }
        try (Storage storage = driver().open(config())) {
            assertThat(storage.size(key)).isEmpty();
        }
    }

    @Test
    void aSourceThatBreaksMidTransferLeavesNothing() throws Exception {
        String key = key("broken-source.zip");
        try (Storage storage = driver().open(config())) {
            assertThatThrownBy(() -> storage.put(key, TestStreams.failingAfter(LARGE / 2))).hasStackTraceContaining("the source broke");
        }
        try (Storage storage = driver().open(config())) {
            assertThat(storage.size(key)).isEmpty();
            assertThat(storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofDays(1))))
                    .as("partial files or unfinished uploads the failed put left").isZero();
        }
    }

    @Test
    void aServerGoingDownMidTransferLeavesNoObjectAndItsLeftoversAreCleaned() throws Exception {
        assumeTrue(serverPort() > 0, "not a network server");
        String key = key("server-down.zip");
        try (TcpProxy proxy = new TcpProxy(serverPort())) {
            StorageConfig config = config(proxy.port());
            try (Storage storage = driver().open(config)) {
                InputStream source = TestStreams.onceRead(TestStreams.pattern(LARGE, 5), LARGE / 4, () -> serverDown(proxy));
                assertThatThrownBy(() -> storage.put(key, source)).satisfies(failure ->
                        System.out.printf("%s, server down mid-transfer: %s%n", getClass().getSimpleName(), driver().describe(failure)));
            }
            proxy.restore();
            serverRestored();
            try (Storage storage = driver().open(config)) {
                assertThat(storage.size(key)).isEmpty();
                storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofDays(1)));
                assertThat(storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofDays(1)))).isZero();
                storage.put(key, TestStreams.pattern(1000, 6)); // and it works again
                assertThat(storage.delete(key)).isTrue();
            }
        }
    }

    /** The server goes away in the middle of a transfer; by default every connection through the proxy is cut. */
    protected void serverDown(TcpProxy proxy) {
        proxy.cut();
    }

    /** The server is up again after {@link #serverDown}: what a test server keeps that the real one would not can go. */
    protected void serverRestored() throws Exception {
    }

    /** How many bytes pass the proxy before it stops reading: in the middle of the transfer by default. */
    protected long bytesBeforeStall() {
        return 1 << 20;
    }

    @Test
    void aServerThatStopsReadingIsAbandonedAsStalled() throws Exception {
        assumeTrue(serverPort() > 0, "not a network server");
        Stalls stalls = new Stalls(Duration.ofSeconds(2));
        stalls.start();
        StorageDrivers drivers = new StorageDrivers(List.of(driver()), stalls, new OneKey(), LOCAL_SERVERS);
        try (TcpProxy proxy = new TcpProxy(serverPort())) {
            proxy.freezeAfter(bytesBeforeStall());
            long started = System.nanoTime();
            StorageConfig config = config(proxy.port());
            assertThatThrownBy(() -> drivers.put(config, key("stalled.zip"), TestStreams.pattern(LARGE, 8)))
                    .isInstanceOf(StorageFailed.class).hasMessageStartingWith("stalled: nothing was sent to storage");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT);
            proxy.restore();
        } finally {
            stalls.stop();
        }
    }

    /**
     * The egress rule is the seam's, not each driver's: with the rule of a service that allows nothing on this
     * machine, a configuration pointing here is refused when saved, and no operation reaches the server, whatever
     * the driver itself allows.
     */
    @Test
    void theSeamKeepsStorageOffThisMachine() throws Exception {
        assumeTrue(serverPort() > 0, "not a network server");
        Stalls stalls = new Stalls(Duration.ofSeconds(30));
        stalls.start();
        StorageDrivers strict = new StorageDrivers(List.of(driver()), stalls, new OneKey(), new Egress(""));
        try (TcpProxy proxy = new TcpProxy(serverPort())) {
            StorageConfig config = config(proxy.port());
            assertThatThrownBy(() -> strict.check(config)).isInstanceOf(ConfigRefused.class)
                    .hasMessageContaining("storage may not point at this machine");
            String key = key("egress.zip");
            assertThatThrownBy(() -> strict.put(config, key, TestStreams.pattern(1000, 3))).isInstanceOf(StorageFailed.class)
                    .hasMessageContaining("storage may not point at this machine");
            assertThatThrownBy(() -> strict.size(config, key)).isInstanceOf(StorageFailed.class);
            assertThatThrownBy(() -> strict.open(config, key)).isInstanceOf(StorageFailed.class);
            assertThatThrownBy(() -> strict.list(config, key)).isInstanceOf(StorageFailed.class);
            assertThatThrownBy(() -> strict.delete(config, key)).isInstanceOf(StorageFailed.class);
            assertThat(proxy.connections()).isZero();
        } finally {
            stalls.stop();
        }
    }

    @Test
    void aDeleteTheServerRefusesIsAnErrorNeverGone() throws Exception {
        String key = key("undeletable.zip");
        try (Storage storage = driver().open(config())) {
            storage.put(key, TestStreams.pattern(1000, 9));
            Path file = serverFile(key);
            Tools.ok("chattr", "+i", file.toString()); // not even root may remove it now
            try {
                assertThatThrownBy(() -> storage.delete(key)).satisfies(failure ->
                        System.out.printf("%s, refused delete: %s%n", getClass().getSimpleName(), driver().describe(failure)));
                assertThat(storage.size(key)).hasValue(1000);
            } finally {
                Tools.ok("chattr", "-i", file.toString());
            }
            assertThat(storage.delete(key)).isTrue();
        }
    }

    /** A recovery of the records lists what lies below a prefix: objects at any depth, never leftovers or neighbours. */
    @Test
    void theObjectsBelowAPrefixAreListedAtAnyDepthWithoutLeftovers() throws Exception {
        String below = prefix + "/backups/listed";
        List<String> objects = List.of(below + "/org/env/one.zip", below + "/org/other-env/two.zip", below + "/three.zip");
        String probe = below + "/" + Keys.PROBE + "left-by-a-crash";
        String neighbour = prefix + "/backups/listed-not/four.zip";
        try (Storage storage = driver().open(config())) {
            assertThat(storage.list(below)).isEmpty();
            for (String key : objects) {
                storage.put(key, TestStreams.pattern(1000, 3));
            }
            storage.put(probe, new ByteArrayInputStream(new byte[] {1}));
            storage.put(neighbour, new ByteArrayInputStream(new byte[] {2}));
            assertThat(storage.list(below)).containsExactlyInAnyOrderElementsOf(objects);
            for (String key : objects) {
                assertThat(storage.delete(key)).isTrue();
            }
            assertThat(storage.delete(probe)).isTrue();
            assertThat(storage.delete(neighbour)).isTrue();
            assertThat(storage.list(below)).isEmpty();
        }
    }

    @Test
    void leftoversAreCleanedOnlyOnceOlderThanTheCutoff() throws Exception {
        String probe = prefix + "/backups/" + Keys.PROBE + "left-by-a-crash";
        try (Storage storage = driver().open(config())) {
            storage.put(probe, new ByteArrayInputStream(new byte[] {1}));
            assertThat(storage.clean(prefix + "/backups", Instant.now().minus(Duration.ofHours(1)))).as("a young leftover").isZero();
            assertThat(storage.size(probe)).isEqualTo(OptionalLong.of(1));
            assertThat(storage.clean(prefix + "/backups", Instant.now().plus(Duration.ofMinutes(5)))).isEqualTo(1);
            assertThat(storage.size(probe)).isEmpty();
        }
    }
}
