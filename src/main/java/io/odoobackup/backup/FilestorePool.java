package io.odoobackup.backup;

import io.odoobackup.archive.ArchiveLayout;
import io.odoobackup.environment.DockerExec;
import io.odoobackup.environment.Environment;
import io.odoobackup.platform.BytePipe;
import io.odoobackup.platform.Futures;
import io.odoobackup.platform.Metered;
import io.odoobackup.pool.PoolFiles;
import io.odoobackup.pool.PoolIndex;
import io.odoobackup.pool.PoolReader;
import io.odoobackup.pool.PoolSweep;
import io.odoobackup.storage.StorageConfig;
import io.odoobackup.storage.StorageDrivers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The incremental filestore (docs/api.md §15), before the archive is written: lists the filestore in the Odoo container
 * (names and sizes), uploads to the organization's pool only the files it does not hold yet, and writes filestore.index
 * into the work folder. Odoo names a file by its content's SHA-1, so what is new is a difference of names, found a
 * thousand at a time against the pool's records, without reading the rest. A file of another name (a custom module's)
 * is read every time and stored under its content's SHA-1. Every file read is hashed as it passes; a sample of the pooled
 * files the backup counts on (1%, at least ten) is read back from storage, and one that is missing or damaged is
 * uploaded again in this backup. The pool is written before the archive's upload begins, whose connection would
 * otherwise sit idle for as long as the new files take.
 */
public final class FilestorePool {

    private static final Logger LOG = LoggerFactory.getLogger(FilestorePool.class);
    private static final int BATCH = 1000;
    private static final int MIN_SAMPLE = 10;
    private static final int PIPE = 1 << 20;

    private final StorageDrivers storage;
    private final PoolFiles pool;
    private final PoolSweep sweep;
    private final PoolReader reader;
    private final ExecutorService threads;

    public FilestorePool(StorageDrivers storage, PoolFiles pool, PoolSweep sweep, PoolReader reader, ExecutorService threads) {
        this.storage = storage;
        this.pool = pool;
        this.sweep = sweep;
        this.reader = reader;
        this.threads = threads;
    }

    /** What a backup's filestore came to: how many files and bytes it lists, and how many of them it uploaded. */
    public record Pooled(Artifact index, long files, long bytes, long newFiles, long newBytes) {
    }

    public void store(BackupJob job) throws Exception {
        job.phaseStarted("archive");
        long started = System.nanoTime();
        Path work = job.getWorkDir();
        Path listing = work.resolve("filestore.list");
        Path fetch = work.resolve("filestore.fetch");
        Environment env = job.getEnvironment();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(listing))) {
            check(job.getOdooContainer().run(List.of("find", "-H", env.filestorePath(), "-type", "f", "-printf", "%s %P\\0"), out),
                    "Listing the filestore in container " + env.odooContainer());
        }
        long listed = System.nanoTime();
        Run run = new Run(job);
        Files.deleteIfExists(work.resolve(ArchiveLayout.FILESTORE_INDEX)); // an upload's retry lists the filestore again
        Digesting index = new Digesting(work.resolve(ArchiveLayout.FILESTORE_INDEX));
        try (index; OutputStream fetching = new BufferedOutputStream(Files.newOutputStream(fetch))) {
            run.index = index;
            List<Listed> batch = new ArrayList<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(listing))) {
                for (byte[] record; (record = nextRecord(in)) != null; ) {
                    batch.add(Listed.parse(record));
                    if (batch.size() == BATCH) {
                        run.batch(batch, fetching);
                        batch.clear();
                    }
                }
            }
            run.batch(batch, fetching);
            fetching.close();
            long compared = System.nanoTime();
            run.fetch(fetch);
            LOG.info("Backup {}: the filestore's {} files listed in {} ms, compared with the pool and {} of them read back in {} ms,"
                    + " {} new ({} bytes) uploaded in {} ms", job.getBackupId(), run.files, (listed - started) / 1_000_000,
                    run.sampled, (compared - listed) / 1_000_000, run.newFiles, run.newBytes, (System.nanoTime() - compared) / 1_000_000);
        } finally {
            Files.deleteIfExists(listing);
            Files.deleteIfExists(fetch);
        }
        job.getResult().filestorePooled(new Pooled(index.artifact(), run.files, run.bytes, run.newFiles, run.newBytes));
        job.getParallelProgress().done("filestore");
        job.phaseEnded("archive");
    }

    /**
     * The pool files a backup lists, into the second storage's pool where it does not hold them yet: each read from the
     * primary's pool, checked against its SHA-1 and size as it passes, stored as the second storage says (encrypted or
     * not). The copy's archive then lists files its own storage holds.
     */
    public void copy(BackupJob job) throws Exception {
        StorageConfig from = job.getStorage();
        StorageConfig to = job.getSecondary();
        try (PoolIndex.Lines lines = new PoolIndex.Lines(Files.newInputStream(job.getResult().getPooled().index().path()))) {
            for (List<PoolIndex.Entry> batch; !(batch = lines.next(BATCH)).isEmpty(); ) {
                copy(job, from, to, batch);
            }
        }
    }

    private void copy(BackupJob job, StorageConfig from, StorageConfig to, List<PoolIndex.Entry> batch) throws Exception {
        List<String> keys = batch.stream().map(e -> to.poolKey(e.sha1(), to.encrypted())).distinct().toList();
        pool.referenced(job.getBackupId(), to, keys);
        Set<String> present = pool.present(to, keys); // and each one copied, once
        for (PoolIndex.Entry entry : batch) {
            String key = to.poolKey(entry.sha1(), to.encrypted());
            if (present.add(key)) {
                sweep.finish(to, key);
                MessageDigest sha1 = PoolIndex.sha1();
                long[] size = {0};
                try (InputStream in = Metered.input(new DigestInputStream(storage.open(from, from.poolKey(entry.sha1(), from.encrypted())), sha1),
                        n -> size[0] = n)) {
                    storage.put(to, key, in);
                }
                if (size[0] != entry.size() || !HexFormat.of().formatHex(sha1.digest()).equals(entry.sha1())) {
                    storage.delete(to, key);
                    throw new BackupFailure("The pool file " + from.poolKey(entry.sha1(), from.encrypted()) + " (" + entry.path()
                            + ") was not the file backed up when it was read for the copy");
                }
                pool.stored(to, key, entry.sha1(), entry.size());
            }
        }
    }

    /** A file as the listing names it: its size, its path below the filestore, and the SHA-1 its name says if Odoo's. */
    private record Listed(long size, String path, String named) {

        static Listed parse(byte[] record) throws BackupFailure {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(record)).toString();
            } catch (CharacterCodingException e) {
                throw new BackupFailure("The filestore holds a file whose name is not UTF-8 ("
                        + new String(record, StandardCharsets.UTF_8) + "): rename it, or back the filestore up in full mode");
            }
            int space = text.indexOf(' ');
            String path = text.substring(space + 1);
            return new Listed(Long.parseLong(text.substring(0, space)), path, PoolIndex.odooSha1(path));
        }
    }

    /** One backup's way through its filestore: the counts, the index being written, and its progress. */
    private final class Run {
        private final BackupJob job;
        private final StorageConfig config;
        private final boolean encrypted;
        private final LongConsumer progress;
        private Digesting index;
        private long done;
        private long files;
        private long bytes;
        private long newFiles;
        private long newBytes;
        private boolean sampledAny;
        private long sampled;

        Run(BackupJob job) {
            this.job = job;
            this.config = job.getStorage();
            this.encrypted = config.encrypted();
            this.progress = job.getParallelProgress().listener("filestore");
        }

        /**
         * Files named by their SHA-1: referenced first (a sweep then leaves their objects alone), then those the pool holds
         * are listed, a sample of them read back first; the rest, and files of other names, are to be fetched.
         */
        void batch(List<Listed> batch, OutputStream fetching) throws Exception {
            List<Listed> named = new ArrayList<>();
            for (Listed file : batch) {
                if (file.named() == null) {
                    toFetch(fetching, file);
                } else {
                    named.add(file);
                }
            }
            List<String> keys = named.stream().map(f -> config.poolKey(f.named(), encrypted)).toList();
            pool.referenced(job.getBackupId(), config, keys);
            Set<String> present = pool.present(config, keys);
            List<Listed> pooled = new ArrayList<>();
            for (Listed file : named) {
                if (present.contains(config.poolKey(file.named(), encrypted))) {
                    pooled.add(file);
                } else {
                    toFetch(fetching, file);
                }
            }
            Collections.shuffle(pooled, ThreadLocalRandom.current());
            int sample = Math.min(pooled.size(), Math.max((pooled.size() + 99) / 100, sampledAny ? 0 : MIN_SAMPLE));
            sampledAny |= sample > 0;
            sampled += sample;
            for (int i = 0; i < pooled.size(); i++) {
                Listed file = pooled.get(i);
                if (i < sample && !readsBack(file)) {
                    toFetch(fetching, file);
                    continue;
                }
                listed(new PoolIndex.Entry(file.named(), file.size(), file.path()), false);
                done += file.size();
                progress.accept(done);
            }
        }

        /** Whether the pool object of a file is there and is that file; one that is not is recorded so. */
        private boolean readsBack(Listed file) throws Exception {
            String problem = reader.readBack(config, encrypted, new PoolIndex.Entry(file.named(), file.size(), file.path()));
            if (problem != null) {
                LOG.warn("Backup {}: the pool file of {} is {}: it is uploaded again", job.getBackupId(), file.path(), problem);
            }
            return problem == null;
        }


        /**
         * The files to fetch, read out of the container by one tar: each is hashed into the work folder as it comes, then
         * uploaded under its content's SHA-1 unless the pool holds that already.
         */
        void fetch(Path list) throws Exception {
            if (Files.size(list) == 0) {
                return;
            }
            Environment env = job.getEnvironment();
            BytePipe pipe = new BytePipe(PIPE);
            Map<String, String> context = MDC.getCopyOfContextMap();
            Future<DockerExec.Result> tar = threads.submit(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try (InputStream names = Files.newInputStream(list); OutputStream out = pipe.sink()) {
                    DockerExec.Result result = job.getOdooContainer().run(List.of("tar", "-cf", "-", "-C", env.filestorePath(),
                            "--no-recursion", "--null", "--verbatim-files-from", "-T", "-"), names, out);
                    pipe.end();
                    return result;
                } catch (Throwable e) {
                    pipe.fail(e);
                    throw e;
                } finally {
                    MDC.clear();
                }
            });
            Path spool = job.getWorkDir().resolve("pool.part");
            try (TarArchiveInputStream in = new TarArchiveInputStream(pipe.source(), StandardCharsets.UTF_8.name())) {
                for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.isFile()) {
                        upload(entry.getName(), in, spool);
                    }
                }
                in.transferTo(OutputStream.nullOutputStream());
            } catch (Exception e) {
                pipe.abandon(e);
                throw e;
            } finally {
                Files.deleteIfExists(spool);
            }
            DockerExec.Result result = Futures.join(tar);
            // 1: a file changed while it was read (it is whole as read); a file Odoo removed meanwhile is not in this backup
            if (result.exitCode() == 1 || (result.exitCode() == 2 && result.stderr().lines().allMatch(
                    l -> l.contains("No such file or directory") || l.contains("Exiting with failure status")))) {
                LOG.warn("Backup {}: tar reports files changed or removed while read: {}", job.getBackupId(), result.stderr());
            } else {
                check(result, "Reading new filestore files in container " + env.odooContainer());
            }
        }

        private void upload(String path, InputStream in, Path spool) throws Exception {
            MessageDigest sha1 = PoolIndex.sha1();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), sha1)) {
                size = in.transferTo(out);
            }
            done += size;
            progress.accept(done);
            String content = HexFormat.of().formatHex(sha1.digest());
            String named = PoolIndex.odooSha1(path);
            if (named != null && !named.equals(content)) {
                LOG.warn("Backup {}: {} does not hold the content its name says; it is stored under its content's SHA-1 {}",
                        job.getBackupId(), path, content);
            }
            String key = config.poolKey(content, encrypted);
            pool.referenced(job.getBackupId(), config, List.of(key));
            boolean uploaded = false;
            if (pool.present(config, List.of(key)).isEmpty()) {
                sweep.finish(config, key);
                try (InputStream data = Files.newInputStream(spool)) {
                    storage.put(config, key, data);
                }
                pool.stored(config, key, content, size);
                uploaded = true;
            }
            listed(new PoolIndex.Entry(content, size, path), uploaded);
        }

        private void listed(PoolIndex.Entry entry, boolean uploaded) throws IOException {
            index.write((entry.line() + "\n").getBytes(StandardCharsets.UTF_8));
            files++;
            bytes += entry.size();
            if (uploaded) {
                newFiles++;
                newBytes += entry.size();
            }
        }
    }

    /** A file the tar reads out of the container: its path, NUL-terminated as tar --null takes it. */
    private static void toFetch(OutputStream fetching, Listed file) throws IOException {
        fetching.write((file.path() + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /** The next NUL-terminated record of the listing, or null at its end. */
    private static byte[] nextRecord(InputStream in) throws IOException {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == 0) {
                return record.toByteArray();
            }
            record.write(b);
        }
        return record.size() == 0 ? null : record.toByteArray();
    }

    private static void check(DockerExec.Result result, String what) throws BackupFailure {
        if (result.exitCode() != 0) {
            throw new BackupFailure(what + " failed " + result.describe());
        }
    }
}
