package io.describer.camel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Guards an embedded job store file (H2, SQLite, ...) this JVM owns, independent of the database engine:
 *
 * <ul>
 *   <li>an exclusive lock on {@code <location>.lock} for the store's lifetime, so a second JVM on the same location
 *       fails at start with what to do, instead of starting and failing at every poll;
 *   <li>a sidecar {@code <location>.store-id}, written once the database file exists: a later start that finds the
 *       sidecar but no (or an empty) database file refuses, so lost jobs are never replaced by a fresh empty store;
 *   <li>while running, {@link #check()} compares the database file with the one opened (file key, size): a deleted,
 *       replaced or emptied file makes every store operation fail with the reason;
 *   <li>and writes a new block to the lock file once a second (freed again at once): a file system that turned
 *       read-only or is full fails it, so the store is reported down while idle (a database that writes nothing, e.g.
 *       a poll finding no due job, would not notice), and works again once the probe succeeds.
 * </ul>
 *
 * Components of one JVM on the same location share the store (as the embedded databases do): the lock is counted.
 */
public final class EmbeddedStoreFile implements AutoCloseable {

    /** Fewer stat calls than store operations: a file deleted now is noticed within this time. */
    static final long CHECK_INTERVAL_MILLIS = 1_000;

    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path location;
    private final Path databaseFile;
    private Object fileKey;
    private volatile long checkedAt;
    private volatile String fault;
    /** Why the location refuses writes (read-only, full), cleared by the next probe that succeeds. */
    private volatile String writeFault;

    private boolean closed;

    private EmbeddedStoreFile(Path location, Path databaseFile) {
        this.location = location;
        this.databaseFile = databaseFile;
    }

    /**
     * Locks {@code location} (the jobStoreLocation) for this JVM and checks that a store created there before still has
     * its database file. Call before the database opens {@code databaseFile}; then {@link #opened()}.
     *
     * @throws JobStoreException when another JVM holds the location, or the database file of a recorded store is gone
     */
    public static EmbeddedStoreFile lock(Path location, Path databaseFile) {
        Path key = location.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held == null) {
                held = Held.acquire(key);
                HELD.put(key, held);
            }
            held.count++;
        }
        EmbeddedStoreFile store =
                new EmbeddedStoreFile(key, databaseFile.toAbsolutePath().normalize());
        try {
            store.refuseLostStore();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** The database opened its file: remember which file it is, and record the store's identity if new. */
    public void opened() {
        try {
            fileKey = identity(Files.readAttributes(databaseFile, BasicFileAttributes.class));
            Path sidecar = sidecar();
            if (!Files.exists(sidecar)) {
                Path tmp = Files.createTempFile(sidecar.getParent(), "store-id", ".tmp");
                Files.writeString(
                        tmp,
                        "database=" + databaseFile.getFileName() + "\ncreated=" + Instant.now() + "\n",
                        StandardCharsets.UTF_8);
                Files.move(tmp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new JobStoreException("Cannot record the identity of the job store " + databaseFile + ": " + e, e);
        }
    }

    /**
     * Fails when the database file is no longer the one opened (deleted, replaced or emptied: that stays until the
     * store is reopened, a restart), or while its location refuses writes (until a probe succeeds again). Looked at
     * once per {@link #CHECK_INTERVAL_MILLIS}.
     */
    public void check() {
        String known = fault;
        if (known == null) {
            long now = System.currentTimeMillis();
            if (now - checkedAt >= CHECK_INTERVAL_MILLIS) {
                look(now);
            }
            known = fault != null ? fault : writeFault;
            if (known == null) {
                return;
            }
        }
        throw new JobStoreException(known);
    }

    private synchronized void look(long now) {
        if (now - checkedAt < CHECK_INTERVAL_MILLIS) {
            // another thread just looked
            return;
        }
        checkedAt = now;
        String found = inspect();
        if (found != null) {
            fault = found;
            return;
        }
        writeFault = probeWrite();
    }

    /** Null when the location takes a write, else why not. */
    String probeWrite() {
        Held held;
        synchronized (HELD) {
            held = HELD.get(location);
        }
        if (held == null) {
            return null;
        }
        try {
            held.probe();
            return null;
        } catch (IOException e) {
            return "The job store at " + location + " refuses writes (" + e.getMessage() + "): messages fail before"
                    + " any billed call until it takes writes again (a read-only file system, a full disk)";
        }
    }

    /** The current fault, or null while the file is the one opened (forces a fresh look). */
    String inspect() {
        if (fileKey == null) {
            return null;
        }
        try {
            BasicFileAttributes now = Files.readAttributes(databaseFile, BasicFileAttributes.class);
            if (!Objects.equals(fileKey, identity(now))) {
                return "The job store file " + databaseFile + " was replaced by another file while this JVM had it"
                        + " open: writes are refused so that no job is recorded in a file that is not the store. Stop,"
                        + " put the right file back (or keep the new one), and restart";
            }
            if (now.size() == 0) {
                return "The job store file " + databaseFile + " was emptied while this JVM had it open: writes are"
                        + " refused. Stop, restore the file from a backup, and restart";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "The job store file " + databaseFile + " was deleted while this JVM had it open: its jobs are lost"
                    + " at the next restart and writes are refused. Restore the file before restarting (or, to start"
                    + " over with an empty store, delete " + sidecar() + ")";
        } catch (IOException e) {
            // cannot look (e.g. a directory made unreadable): the database itself will say if it cannot work
            return null;
        }
    }

    private static Object identity(BasicFileAttributes a) {
        // the inode (dev, ino) on POSIX; where there is none, the creation time stands in
        return a.fileKey() != null ? a.fileKey() : a.creationTime();
    }

    private void refuseLostStore() {
        Path sidecar = sidecar();
        if (!Files.exists(sidecar)) {
            return;
        }
        long size;
        try {
            size = Files.exists(databaseFile) ? Files.size(databaseFile) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size <= 0) {
            throw new JobStoreException("The job store at " + location + " was created before (" + sidecar
                    + ") but its database file " + databaseFile + (size < 0 ? " is missing" : " is empty")
                    + ": starting would silently forget its jobs. Restore the file from a backup; to start over"
                    + " with an empty store instead, delete " + sidecar);
        }
    }

    private Path sidecar() {
        return location.resolveSibling(location.getFileName() + ".store-id");
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(location);
            if (held != null && --held.count == 0) {
                HELD.remove(location);
                held.release();
            }
        }
    }

    /** The OS lock of one location, held by this JVM. */
    private static final class Held {
        /** Where the probe writes: its own block, past the holder text that a second JVM reads. */
        private static final long PROBE_AT = 4096;

        private final FileChannel channel;
        private final FileLock lock;
        private final int holderLength;
        private final ByteBuffer probe = ByteBuffer.allocate(4096);
        private int count;

        private Held(FileChannel channel, FileLock lock, int holderLength) {
            this.channel = channel;
            this.lock = lock;
            this.holderLength = holderLength;
        }

        /**
         * A write that needs a new block: fails on a read-only file system and on a full disk. No fsync (the file
         * system's answer to the write is what tells). The block is freed at once: kept, a full disk would give it
         * back to the next probe, which would then pass.
         */
        synchronized void probe() throws IOException {
            probe.clear();
            try {
                while (probe.hasRemaining()) {
                    channel.write(probe, PROBE_AT + probe.position());
                }
            } finally {
                try {
                    channel.truncate(holderLength);
                } catch (IOException ignored) {
                    // the write's failure is the one to report
                }
            }
        }

        static Held acquire(Path location) {
            Path file = location.resolveSibling(location.getFileName() + ".lock");
            FileChannel channel = null;
            try {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    String holder = readHolder(channel);
                    channel.close();
                    throw new JobStoreException("The embedded job store at " + location + " is in use by another"
                            + " process" + (holder.isEmpty() ? "" : " (" + holder + ")") + "; only one JVM can use"
                            + " an embedded store. Give each JVM its own jobStoreLocation, or share one PostgreSQL"
                            + " store between them with jobStoreDataSource (and a nodeId per JVM)");
                }
                channel.truncate(0);
                byte[] holder = ("pid " + ProcessHandle.current().pid() + " since " + Instant.now())
                        .getBytes(StandardCharsets.UTF_8);
                channel.write(ByteBuffer.wrap(holder), 0);
                channel.force(false);
                return new Held(channel, lock, holder.length);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new JobStoreException("Cannot lock the job store location " + file + ": " + e, e);
            }
        }

        private static String readHolder(FileChannel channel) {
            try {
                ByteBuffer buf = ByteBuffer.allocate(200);
                int n = channel.read(buf, 0);
                return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return "";
            }
        }

        void release() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
        }

        private static void closeQuietly(FileChannel c) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
            }
        }
    }
}
