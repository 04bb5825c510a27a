package io.describer.camel.job.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import io.describer.camel.job.JobStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SQLite store's submission writes (a new dedupe key's reservation, the job that fills it) made durable by
 * one append to a file of the store's own instead of a commit each that its caller waits for: on two cores the
 * commits' hand-offs to the writer thread and back, not SQLite, cost most of a submission. The entries reach the table
 * soon after, in the store's group commits, strictly in their order: each advances a counter in the same transaction
 * ({@code <table>_journal}), so a store opened after a crash applies exactly those the table misses.
 *
 * <p>Durability is that of the store's {@code synchronous=NORMAL}: an append is in the operating system's cache when
 * it returns, so a killed process loses none; a power loss may lose the last ones. Every other operation of the store
 * first waits until the entries appended before it are in the table ({@link #awaitApplied()}), so nothing reads or
 * writes around them. An entry is only taken when its outcome is known without the table: a dedupe key no row has
 * ({@link #knownKey}, a superset of the table's keys), a job filling a reservation this journal made and nothing
 * touched since, with a job id no row has.
 */
final class SubmissionJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionJournal.class);

    /** Entries appended but not yet in the table beyond which callers commit themselves: bounds memory and lag. */
    static final int MAX_UNAPPLIED = 4096;
    /** The file is emptied once everything in it is applied and it grew beyond this. */
    private static final long TRUNCATE_AT = 1 << 20;
    /** Beyond this, appends wait until the file is caught up with and emptied. */
    private static final long MAX_SIZE = 64L << 20;
    /** How long an operation waits for the entries before it, at most, before it fails as the store being broken. */
    private static final long APPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    static final byte RESERVE = 1;
    static final byte RECORD = 2;
    /** A recorded job whose reservation was left out (never in the file: its entry is a {@link #RECORD}). */
    static final byte INSERT = 3;

    /** Applies one entry on the batch's statements (the store's SQL for {@code kind}). */
    @FunctionalInterface
    interface Applier {
        void apply(Statements s, byte kind, Object[] params) throws SQLException;
    }

    /** One entry: what to write, and the group commit that writes it. */
    static final class Entry {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int FOLDED = 2;

        final long seq;
        final byte kind;
        final Object[] params;
        final GroupCommit group;
        /** A job's reservation entry, when this journal made it. */
        private final Entry reservation;
        /** A reservation is folded into its job when that comes before the reservation was written (one row write). */
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Entry(long seq, byte kind, Object[] params, GroupCommit group, Entry reservation) {
            this.seq = seq;
            this.kind = kind;
            this.params = params;
            this.group = group;
            this.reservation = reservation;
        }

        /**
         * What the table is to do: a job whose reservation was left out is inserted (no fill to try first). Final when
         * the entry is applied: its reservation, applied before it, was taken or left out by then.
         */
        byte applyAs() {
            return kind == RECORD && reservation != null && reservation.state.get() == FOLDED ? INSERT : kind;
        }

        /** The writer is about to write it: false when its job took its place. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN) || state.get() == TAKEN;
        }

        /** The job is about to take its place: false when it is (being) written already. */
        boolean fold() {
            return state.compareAndSet(QUEUED, FOLDED);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final String advance;
    private final String selectApplied;
    private final Applier applier;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appliedChanged = lock.newCondition();
    /** Stores of this JVM sharing this file (see {@code EmbeddedStoreFile}); guarded by {@link #OPEN}. */
    private int users;

    // guarded by lock
    private long position;
    private volatile long lastSeq;
    private volatile long applied;
    private final Set<Long> knownKeys = new HashSet<>();
    private final Set<Long> knownJobs = new HashSet<>();
    /** Reservations this journal made and nothing touched since: key hash to lease end and entry. */
    private final Map<Long, Reserved> fastReserved = new HashMap<>();

    private record Reserved(long leaseUntil, Entry entry) {}
    /** Entries whose transaction failed, to post again in order. */
    private final TreeMap<Long, Entry> retry = new TreeMap<>();

    private volatile boolean stalled;
    private volatile Exception lastFailure;

    /** Journals open in this JVM, by file: stores of one JVM on one location share theirs (and its known keys). */
    private static final Map<Path, SubmissionJournal> OPEN = new HashMap<>();

    /** Starts a new journal (recovered and filled by {@code start}) or joins the one open on {@code file}. */
    static SubmissionJournal open(Path file, String table, Applier applier, Starter start)
            throws IOException, SQLException {
        Path key = file.toAbsolutePath().normalize();
        synchronized (OPEN) {
            SubmissionJournal j = OPEN.get(key);
            if (j == null) {
                j = new SubmissionJournal(key, table, applier);
                try {
                    start.start(j);
                } catch (IOException | SQLException | RuntimeException e) {
                    j.channel.close();
                    throw e;
                }
                OPEN.put(key, j);
            }
            j.users++;
            return j;
        }
    }

    /** Recovers a journal just opened and fills its known keys. */
    @FunctionalInterface
    interface Starter {
        void start(SubmissionJournal journal) throws IOException, SQLException;
    }

    /** A store of the journal closes: the last one closes the journal. */
    static void release(SubmissionJournal j) {
        synchronized (OPEN) {
            if (--j.users == 0) {
                OPEN.remove(j.file);
                j.close();
            }
        }
    }

    private SubmissionJournal(Path file, String table, Applier applier) throws IOException {
        this.file = file;
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.advance = "UPDATE " + table + "_journal SET applied = ? WHERE id = 1 AND applied = ?";
        this.selectApplied = selectApplied(table);
        this.applier = applier;
    }

    static List<String> ddl(String table) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table + "_journal (id INTEGER PRIMARY KEY, applied BIGINT NOT NULL)",
                "INSERT OR IGNORE INTO " + table + "_journal (id, applied) VALUES (1, 0)");
    }

    static String selectApplied(String table) {
        return "SELECT applied FROM " + table + "_journal WHERE id = 1";
    }

    /**
     * After a restart: the entries of the file after {@code appliedInTable}, in order, each applied with the counter in
     * {@code s}'s transaction; a torn last entry (the process died in its append, its caller never answered) ends the
     * file. Leaves the file empty for new entries.
     */
    int recover(Statements s, long appliedInTable) throws IOException, SQLException {
        List<Entry> entries = read();
        int replayed = 0;
        long last = appliedInTable;
        for (Entry e : entries) {
            if (e.seq <= last) {
                continue;
            }
            applyAndAdvance(s, e.seq, e.kind, e.params, last);
            last = e.seq;
            replayed++;
        }
        lastSeq = last;
        applied = last;
        channel.truncate(0);
        position = 0;
        if (replayed > 0) {
            LOG.info("Applied {} submission write(s) from {} that a stopped process had not applied", replayed, file);
        }
        return replayed;
    }

    /** Sets the known keys and job ids to the table's (all its rows; called with nothing unapplied). */
    void known(Set<Long> keys, Set<Long> jobs) {
        lock.lock();
        try {
            knownKeys.clear();
            knownKeys.addAll(keys);
            knownJobs.clear();
            knownJobs.addAll(jobs);
        } finally {
            lock.unlock();
        }
    }

    /** Rebuilds the known sets after a purge, when nothing is unapplied (else at a later purge). */
    void reload(KnownLoader loader) {
        lock.lock();
        try {
            if (applied != lastSeq || stalled) {
                return;
            }
            Set<Long> keys = new HashSet<>();
            Set<Long> jobs = new HashSet<>();
            loader.load(keys, jobs);
            known(keys, jobs);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Known dedupe keys not reloaded after a purge: {}", e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    interface KnownLoader {
        void load(Set<Long> keys, Set<Long> jobs) throws SQLException;
    }

    /**
     * Appends a reservation of a key no row has and queues it on {@code group}; false when the caller must reserve
     * through the table (a key seen before, too much unapplied, a failed apply not yet retried).
     */
    boolean tryReserve(long key, long leaseUntil, Object[] params, GroupCommit group) {
        lock.lock();
        try {
            boolean seen = !knownKeys.add(key);
            if (seen || !open()) {
                fastReserved.remove(key);
                return false;
            }
            fastReserved.put(key, new Reserved(leaseUntil, append(RESERVE, params, group, null)));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends the job that fills a reservation this journal made, untouched since and within its lease, and whose job
     * id no row has; false when the caller must record through the table.
     */
    boolean tryRecord(long key, long job, long now, Object[] params, GroupCommit group) {
        lock.lock();
        try {
            Reserved reserved = fastReserved.remove(key);
            boolean fresh = knownJobs.add(job);
            if (!open() || reserved == null || reserved.leaseUntil() <= now || !fresh) {
                knownKeys.add(key);
                return false;
            }
            append(RECORD, params, group, reserved.entry());
            // once the job is in the file (never before: a failed append must leave the reservation to be written), a
            // reservation not written yet is left out, and the job's record inserts its row instead of filling it
            reserved.entry().fold();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Another operation is about to change the rows of {@code key}: its next writes go through the table. */
    void touched(long key) {
        lock.lock();
        try {
            knownKeys.add(key);
            fastReserved.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /** A job id about to be in a row by another operation. */
    void touchedJob(long job) {
        lock.lock();
        try {
            knownJobs.add(job);
        } finally {
            lock.unlock();
        }
    }

    /** An operation on many reservations at once: no reservation is taken as untouched any more. */
    void touchedAll() {
        lock.lock();
        try {
            fastReserved.clear();
        } finally {
            lock.unlock();
        }
    }

    private boolean open() {
        return channel.isOpen() && !stalled && lastSeq - applied < MAX_UNAPPLIED;
    }

    private Entry append(byte kind, Object[] params, GroupCommit group, Entry reservation) {
        long seq = lastSeq + 1;
        ByteBuffer buf = encode(seq, kind, params);
        if (position > MAX_SIZE && applied < lastSeq) {
            // a file never caught up with under a long burst: appends wait until it has, then it starts over
            awaitApplied();
        }
        try {
            long at = position;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            position = at;
        } catch (IOException e) {
            // a short write is overwritten by the next append; nothing of this entry counts
            throw new JobStoreException("Cannot write to the job store's journal " + file + ": " + e.getMessage(), e);
        }
        lastSeq = seq;
        Entry entry = new Entry(seq, kind, params, group, reservation);
        post(entry);
        return entry;
    }

    /** Empties the file once everything in it is applied (under the lock). */
    private void truncate() {
        try {
            channel.truncate(0);
            position = 0;
        } catch (IOException e) {
            LOG.warn("Cannot empty the job store's journal {}: {}", file, e.getMessage());
        }
    }

    /** Queues the entry (under the lock, so entries reach the group commits in their order). */
    private void post(Entry e) {
        e.group.post(
                s -> {
                    applyInBatch(s, e);
                    return null;
                },
                failure -> done(e, failure));
    }

    /** Applies the entry if it is the next one, advancing the counter of the batch's transaction (written once). */
    private void applyInBatch(Statements s, Entry e) throws SQLException {
        Counter counter = s.beforeCommit(this, Counter::new);
        if (counter.at != e.seq - 1) {
            // an earlier entry is not in the table (its transaction failed): this one waits for it
            throw new OutOfOrder(e.seq);
        }
        if (e.take()) {
            applier.apply(s, e.applyAs(), e.params);
        }
        counter.at = e.seq;
    }

    /**
     * The journal's counter in one transaction: read once, advanced in memory by each entry applied, written once
     * before the commit (two statements per batch instead of one per entry, half the writer's statements for a
     * submission). A savepoint undoing an entry leaves it where it was, a rollback drops it.
     */
    private final class Counter implements Statements.BeforeCommit {
        private final long start;
        private long at;

        Counter(Statements s) throws SQLException {
            try (ResultSet rs = s.prepare(selectApplied).executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("The job store's journal counter row is missing");
                }
                start = rs.getLong(1);
            }
            at = start;
        }

        @Override
        public void write(Statements s) throws SQLException {
            if (at == start) {
                return;
            }
            PreparedStatement ps = s.prepare(advance);
            ps.setLong(1, at);
            ps.setLong(2, start);
            if (ps.executeUpdate() != 1) {
                // the transaction read the counter, so nobody else can have moved it: the table is not as we think
                throw new SQLException(
                        "The job store's journal counter moved under the transaction that applied up to " + at);
            }
        }
    }

    private void applyAndAdvance(Statements s, long seq, byte kind, Object[] params, long previous)
            throws SQLException {
        PreparedStatement ps = s.prepare(advance);
        ps.setLong(1, seq);
        ps.setLong(2, previous);
        if (ps.executeUpdate() != 1) {
            // an earlier entry is not in the table (its transaction failed): this one waits for it
            throw new OutOfOrder(seq);
        }
        if (params != null) {
            applier.apply(s, kind, params);
        }
    }

    /** An entry that came before the one it follows (whose transaction failed) was applied. */
    private static final class OutOfOrder extends SQLException {
        OutOfOrder(long seq) {
            super("Journal entry " + seq + " is out of order: an earlier one is not applied yet");
        }
    }

    /** On the committing thread, in the entries' order. */
    private void done(Entry e, Exception failure) {
        if (failure == null) {
            lock.lock();
            try {
                applied = e.seq;
                if (stalled && retry.isEmpty()) {
                    stalled = false;
                }
                if (applied == lastSeq && position > TRUNCATE_AT) {
                    truncate();
                }
                appliedChanged.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        lock.lock();
        try {
            if (!stalled || !(failure instanceof OutOfOrder)) {
                // the cause to report, not the entries that only waited for it
                lastFailure = failure;
            }
            stalled = true;
            retry.put(e.seq, e);
            appliedChanged.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.debug("Journal entry {} not applied yet: {}", e.seq, failure.getMessage());
    }

    /**
     * Returns once every entry appended before the call is in the table; posts failed ones again (a few rounds) and
     * fails as the store does when they keep failing.
     */
    void awaitApplied() {
        long target = lastSeq;
        if (applied >= target) {
            return;
        }
        long deadline = System.nanoTime() + APPLY_TIMEOUT_NANOS;
        int rounds = 0;
        lock.lock();
        try {
            while (applied < target) {
                if (!retry.isEmpty()) {
                    if (++rounds > 3) {
                        Exception f = lastFailure;
                        throw new JobStoreException(
                                "The job store could not apply its journal: " + (f == null ? "" : f.getMessage()), f);
                    }
                    List<Entry> again = new ArrayList<>(retry.values());
                    retry.clear();
                    again.forEach(this::post);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new JobStoreException("The job store's journal was not applied within "
                            + TimeUnit.NANOSECONDS.toSeconds(APPLY_TIMEOUT_NANOS) + " s");
                }
                appliedChanged.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobStoreException("Interrupted while the job store applied its journal", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (applied == lastSeq && !stalled) {
                truncate();
            }
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing the job store's journal {} failed: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    // ---- the file: entries of [length][CRC32C][seq][kind][count][params], a param [tag][value]

    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte NUMBER = 2;

    static ByteBuffer encode(long seq, byte kind, Object[] params) {
        List<byte[]> texts = new ArrayList<>(params.length);
        int size = 8 + 1 + 2;
        for (Object p : params) {
            if (p instanceof String t) {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                texts.add(b);
                size += 1 + 4 + b.length;
            } else if (p instanceof Long || p instanceof Integer) {
                size += 1 + 8;
            } else if (p == null) {
                size += 1;
            } else {
                throw new IllegalArgumentException("Not a journal parameter: " + p.getClass());
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + size);
        buf.putInt(size).putInt(0).putLong(seq).put(kind).putShort((short) params.length);
        int t = 0;
        for (Object p : params) {
            if (p instanceof String) {
                byte[] b = texts.get(t++);
                buf.put(TEXT).putInt(b.length).put(b);
            } else if (p == null) {
                buf.put(NULL);
            } else {
                buf.put(NUMBER).putLong(((Number) p).longValue());
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 8, size);
        buf.putInt(4, (int) crc.getValue());
        return buf.flip();
    }

    private List<Entry> read() throws IOException {
        List<Entry> entries = new ArrayList<>();
        long size = channel.size();
        long at = 0;
        ByteBuffer head = ByteBuffer.allocate(8);
        while (at + 8 <= size) {
            head.clear();
            channel.read(head, at);
            int length = head.getInt(0);
            int crc = head.getInt(4);
            if (length < 11 || at + 8 + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining() && channel.read(body, at + 8 + body.position()) > 0) {
                // reads the entry's body
            }
            CRC32C check = new CRC32C();
            check.update(body.array(), 0, length);
            if ((int) check.getValue() != crc) {
                break;
            }
            body.flip();
            long seq = body.getLong();
            byte kind = body.get();
            Object[] params = new Object[body.getShort()];
            for (int i = 0; i < params.length; i++) {
                byte tag = body.get();
                if (tag == TEXT) {
                    byte[] b = new byte[body.getInt()];
                    body.get(b);
                    params[i] = new String(b, StandardCharsets.UTF_8);
                } else if (tag == NUMBER) {
                    params[i] = body.getLong();
                }
            }
            entries.add(new Entry(seq, kind, params, null, null));
            at += 8 + length;
        }
        if (at < size) {
            LOG.warn(
                    "The job store's journal {} ends in a torn entry at byte {} of {} (its write never returned)",
                    file,
                    at,
                    size);
        }
        return entries;
    }
}
