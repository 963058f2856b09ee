package io.odoobackup.storage;

import io.odoobackup.platform.Metered;
import io.odoobackup.platform.Sha256;
import io.odoobackup.platform.Stalled;
import io.odoobackup.platform.Stalls;
import io.odoobackup.platform.Streams;
import io.odoobackup.security.Age;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of storage drivers by provider name, and the storage operations the routes call: each opens
 * a session on the configuration's driver, does one thing and closes it. Uploads are watched for stalls.
 */
public final class StorageDrivers {

    private static final Logger LOG = LoggerFactory.getLogger(StorageDrivers.class);
    private static final Duration LEFTOVER_AGE = Duration.ofDays(1);

    private final Map<String, StorageDriver> byProvider = new LinkedHashMap<>(); // in the drivers' order
    private final Stalls stalls;
    private final Keyring keyring;
    private final Egress egress;

    public StorageDrivers(List<StorageDriver> drivers, Stalls stalls, Keyring keyring, Egress egress) {
        for (StorageDriver driver : drivers) {
            driver.providers().forEach(provider -> byProvider.put(provider, driver));
        }
        this.stalls = stalls;
        this.keyring = keyring;
        this.egress = egress;
    }

    /**
     * Checks a configuration before it is saved: the egress rule on the host it names, then the driver's own check.
     * A name that does not resolve today passes; it is checked again before every session.
     */
    public void check(StorageConfig config) {
        StorageDriver driver = driver(config.provider());
        Optional<StorageDriver.RemoteHost> remote = driver.remoteHost(config);
        try {
            applyEgress(remote);
        } catch (Egress.Refused e) {
            throw new ConfigRefused(remote.orElseThrow().field(), e.getMessage());
        }
        driver.check(config);
    }

    /**
     * The egress rule on the host a driver names. A name that does not resolve today passes: it is checked again
     * before every session, and the driver resolves it through the rule again for each of its connections.
     */
    private void applyEgress(Optional<StorageDriver.RemoteHost> remote) throws Egress.Refused {
        if (remote.isEmpty()) {
            return;
        }
        try {
            egress.resolve(remote.get().host());
        } catch (Egress.Refused refused) {
            throw refused;
        } catch (UnknownHostException notYet) {
            // the driver's own connection says so in its words
        }
    }

    /** Objects whose key ends in .age are stored in the age format: encrypted on put, decrypted on open. */
    public static boolean encrypted(String key) {
        return key.endsWith(".age");
    }

    public Set<String> providers() {
        return byProvider.keySet();
    }

    /** Where a key of the configuration lies: the same text for every configuration that reaches that object. */
    public String place(StorageConfig config, String key) {
        return driver(config.provider()).place(config) + "|" + key;
    }

    /** The driver of a provider, or null for a name no driver serves. */
    public StorageDriver driver(String provider) {
        return byProvider.get(provider);
    }

    /**
     * Stores {@code data} to its end; under a key ending in .age its age ciphertext, for the config's recipients.
     * What left is measured as it leaves (size, and the ciphertext's SHA-256), for the verification that reads it back.
     * A failure of the source itself (the archive being made) is thrown as it is: it is not the storage's.
     */
    public SentBytes put(StorageConfig config, String key, InputStream data) throws IOException {
        Keys.check(key);
        try (Storage storage = open(config); Stalls.Watch watch = stalls.watch("nothing was sent to storage " + config.name(),
                () -> closeQuietly(storage))) {
            try {
                InputStream plain = new Source(data, watch);
                if (!encrypted(key)) {
                    long[] size = {0};
                    storage.put(key, Metered.input(plain, n -> size[0] = n));
                    return new SentBytes(size[0], null);
                }
                MessageDigest sha256 = Sha256.digest();
                long[] size = {0};
                storage.put(key, Metered.input(new DigestInputStream(Age.encrypting(plain, keyring.recipients(config)), sha256),
                        n -> size[0] = n));
                return new SentBytes(size[0], Sha256.checksum(sha256));
            } catch (IOException | RuntimeException e) {
                if (watch.stalled()) {
                    throw new Stalled(watch.failure());
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            IOException source = Source.failure(e);
            throw source != null ? source : failed(config, e);
        }
    }

    /**
     * The data being stored. Its read failures are marked so that they are not blamed on the storage, and the time
     * spent waiting for it does not count as a stall of the storage.
     */
    private static final class Source extends FilterInputStream {
        private final Stalls.Watch watch;

        Source(InputStream in, Stalls.Watch watch) {
            super(in);
            this.watch = watch;
        }

        @Override
        public int read() throws IOException {
            return Streams.readOne(this);
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            watch.waiting(true);
            try {
                return in.read(bytes, offset, length);
            } catch (IOException e) {
                throw new SourceFailed(e);
            } finally {
                watch.waiting(false);
            }
        }

        /** The source's own failure among the causes of {@code e} (a driver may wrap it), or null. */
        static IOException failure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SourceFailed failed) {
                    return (IOException) failed.getCause();
                }
            }
            return null;
        }
    }

    private static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The object's content (decrypted when its key ends in .age); the session ends when the stream is closed. */
    public InputStream open(StorageConfig config, String key) throws StorageFailed {
        return open(config, key, 0);
    }

    /** The object's content from {@code offset} on (an encrypted one is decrypted from its start, then skipped). */
    public InputStream open(StorageConfig config, String key, long offset) throws StorageFailed {
        if (!encrypted(key)) {
            return openStored(config, key, offset);
        }
        InputStream stored = openStored(config, key, 0);
        try {
            InputStream plain = plaintext(config, key, stored);
            plain.skipNBytes(offset);
            return plain;
        } catch (IOException | RuntimeException e) {
            closeQuietly(stored);
            throw failed(config, e);
        }
    }

    /** The stored bytes as they are, ciphertext included: for verification and raw downloads. */
    public InputStream openStored(StorageConfig config, String key) throws StorageFailed {
        return openStored(config, key, 0);
    }

    /** The content of stored bytes read by the caller: decrypted with the organization's identities under a .age key. */
    public InputStream plaintext(StorageConfig config, String key, InputStream stored) throws IOException {
        return encrypted(key) ? Age.decrypting(stored, keyring.identities(config.organizationId())) : stored;
    }

    /** The stored bytes from {@code offset} on, as they are. */
    public InputStream openStored(StorageConfig config, String key, long offset) throws StorageFailed {
        return openStored(config, key, storage -> storage.open(key, offset));
    }

    /** The stored bytes as they are, all of them as fast as the storage gives them: for the verification after an upload. */
    public InputStream readBack(StorageConfig config, String key) throws StorageFailed {
        return openStored(config, key, storage -> storage.openWhole(key));
    }

    private InputStream openStored(StorageConfig config, String key, Call<InputStream> opening) throws StorageFailed {
        Keys.check(key);
        Storage storage = null;
        try {
            storage = open(config);
            Storage session = storage;
            return new FilterInputStream(opening.on(storage)) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (closed) { // streams wrapped around this one close it too: the session ends once
                        return;
                    }
                    closed = true;
                    try (session) {
                        super.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            if (storage != null) {
                closeQuietly(storage);
            }
            throw failed(config, e);
        }
    }

    /** The object's size as stored, or empty when there is none. */
    public java.util.OptionalLong size(StorageConfig config, String key) throws StorageFailed {
        Keys.check(key);
        return call(config, storage -> storage.size(key));
    }

    /** The keys of the objects below {@code prefix} (a recovery of the records reads what the storage holds). */
    public List<String> list(StorageConfig config, String prefix) throws StorageFailed {
        Keys.check(prefix);
        return call(config, storage -> storage.list(prefix));
    }

    /** True when an object was removed, false when there was none; a failure to remove it throws. */
    public boolean delete(StorageConfig config, String key) throws StorageFailed {
        Keys.check(key);
        return call(config, storage -> storage.delete(key));
    }

    /**
     * Removes this service's leftovers under the configuration's backups folder that are older than a day, so
     * that uploads still running on other instances are left alone.
     */
    public int cleanLeftovers(StorageConfig config) throws StorageFailed {
        int removed = call(config, storage -> storage.clean(config.backupsPrefix(), Instant.now().minus(LEFTOVER_AGE)));
        if (removed > 0) {
            LOG.info("Storage {} ({}): removed {} leftovers of interrupted uploads", config.id(), config.name(), removed);
        }
        return removed;
    }

    /** For a route's doCatch: why the operation on exchangeProperty.storage failed, secrets removed. */
    public String describeCaught(Exchange exchange) {
        return describe(exchange.getProperty("storage", StorageConfig.class), exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** Why an operation on the configuration's storage failed, with its secrets removed. */
    public String describe(StorageConfig config, Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        StorageDriver driver = config == null ? null : driver(config.provider());
        String text = driver == null ? StorageErrors.describe(failure) : driver.describe(failure);
        return config == null ? text : config.redact(text);
    }

    private Storage open(StorageConfig config) throws IOException {
        StorageDriver driver = driver(config.provider());
        if (driver == null) {
            throw new IllegalStateException("No storage driver serves provider " + config.provider());
        }
        applyEgress(driver.remoteHost(config));
        return driver.open(config);
    }

    /** One call in a session of its own. */
    private interface Call<T> {
        T on(Storage storage) throws IOException;
    }

    private <T> T call(StorageConfig config, Call<T> call) throws StorageFailed {
        try (Storage storage = open(config)) {
            return call.on(storage);
        } catch (IOException | RuntimeException e) {
            throw failed(config, e);
        }
    }

    private StorageFailed failed(StorageConfig config, Exception e) {
        return e instanceof StorageFailed done ? done : new StorageFailed(describe(config, e), e);
    }

    private static void closeQuietly(java.io.Closeable storage) {
        try {
            storage.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how a stalled or failed session is abandoned; its own failure says nothing more
        }
    }
}
