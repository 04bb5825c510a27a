package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a database with one writer at a time (SQLite): writes that threads queue while another commit is
 * under way are run together in the next transaction and committed once. Should one fail (a unique key taken), the
 * batch is undone and run again with each write under a savepoint of its own, so the failing one is undone alone and
 * its caller gets its exception, while the others commit.
 * Every caller returns only after the transaction holding its write committed (or failed): durability per call is
 * that of a commit, at one commit (one WAL append and, with {@code synchronous=NORMAL}, no fsync) per batch instead of
 * per write. Without it concurrent writers queued on SQLite's write lock one commit at a time.
 *
 * <p>One writer thread per store runs the batches, one after the other, while callers park until theirs committed;
 * a lone write (no other under way, the writer thread parked) is committed by its own caller. Callers that led the
 * batches themselves had to hand the lead on, and on two cores waking the next leader, not the commits, set the pace
 * (one commit per write, half the rate). A work must not call back into the store (it would wait for itself). All
 * batches run on one held connection with its prepared statements (see {@link #writer()}); readers use the pool
 * meanwhile.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One unit of writes on the batch's connection, inside its transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Statements s) throws SQLException;
    }

    /** Work outside the batches, e.g. a checkpoint. */
    @FunctionalInterface
    interface Task<T> {
        T call() throws SQLException;
    }

    /** The writer connection: checked and with the schema in place. */
    @FunctionalInterface
    interface Connections {
        Connection get() throws SQLException;
    }

    /** Most writes in one transaction: bounds how long one commit holds the writer lock. */
    static final int MAX_BATCH = 512;

    /** How long a caller parks before it looks again (its wake-up is never lost; this bounds the look). */
    private static final long PARK_NANOS = 10_000_000;
    /** How long the writer thread parks when idle before it looks again (a new write wakes it sooner). */
    private static final long IDLE_PARK_NANOS = 1_000_000_000;
    /**
     * How long the writer thread spins for a next write before it parks: under load one comes sooner than a parked
     * thread is woken (parking and waking were a fifth of the writer thread's time).
     */
    private static final long SPIN_NANOS = 50_000;

    /** Batches between two calls of the {@link #everyBatches} hook. */
    static final int HOOK_BATCHES = 128;

    private final Connections connections;
    private final Runnable check;
    /** Run (under the writer lock, so briefly) after every {@link #HOOK_BATCHES}-th batch. */
    private volatile Runnable everyBatches = () -> {};
    /** The writer connection and its statements, held across batches; dropped after a failure and taken anew. */
    private Statements writer;

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile long batches;
    /** Calls of {@link #run} under way. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Runs the batches; started with the first write, stopped by {@link #close()}. */
    private volatile Thread thread;
    /** Set while the writer thread parks for want of writes: a new write wakes it. */
    private volatile boolean writerIdle;

    /** {@code check} runs before every batch and throws when the store must not be written now. */
    GroupCommit(String name, Connections connections, Runnable check) {
        this.name = name;
        this.connections = connections;
        this.check = check;
    }

    /** Runs {@code work} in the next group transaction and returns its result once that committed. */
    <T> T run(Work<T> work) throws SQLException {
        Pending<T> pending = new Pending<>(work, Thread.currentThread(), null);
        boolean only = inFlight.incrementAndGet() == 1;
        queue.add(pending);
        try {
            return await(pending, only);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Queues {@code work} for the next group transaction without waiting for it: {@code done} runs on the committing
     * thread once the transaction holding it committed (with null) or it failed (with the failure). For writes made
     * durable elsewhere first (the {@link SubmissionJournal}); {@code done} must not block.
     */
    <T> void post(Work<T> work, Consumer<Exception> done) {
        queue.add(new Pending<>(work, null, done));
        Thread w = writerThread();
        if (writerIdle) {
            LockSupport.unpark(w);
        }
    }

    private <T> T await(Pending<T> pending, boolean only) throws SQLException {
        Thread w = writerThread();
        if (writerIdle) {
            if (only && lock.tryLock()) {
                // the only write under way: committing it here saves waking the writer thread and being woken by it
                // (with more, callers serving themselves would split the batches again)
                try {
                    commitQueued();
                } finally {
                    lock.unlock();
                }
            } else {
                LockSupport.unpark(w);
            }
        }
        boolean interrupted = false;
        while (!pending.done) {
            // the write may commit whatever happens to this thread: wait for its outcome, keep the interrupt
            LockSupport.parkNanos(this, PARK_NANOS);
            interrupted |= Thread.interrupted();
            if (!pending.done) {
                writerThread(); // closed meanwhile: the write still gets a writer
            }
        }
        pending.wakeFollowers();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.result();
    }

    /** True when a write came within {@link #SPIN_NANOS}. */
    private boolean awaitWrite() {
        long until = System.nanoTime() + SPIN_NANOS;
        while (queue.isEmpty()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private Thread writerThread() {
        Thread t = thread;
        return t != null ? t : startWriter();
    }

    private synchronized Thread startWriter() {
        if (thread == null) {
            Thread t = new Thread(this::writeLoop, "describer-job-store-writer-" + name);
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return thread;
    }

    /** The writer thread: commits what is queued, batch after batch, and parks only when nothing is. */
    private void writeLoop() {
        // after close() this thread still commits what was queued before it
        while (thread == Thread.currentThread() || !queue.isEmpty()) {
            if (queue.isEmpty() && !awaitWrite()) {
                writerIdle = true;
                if (queue.isEmpty()) { // the flag is set before this look and read after every add: no lost wake-up
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                writerIdle = false;
                continue;
            }
            lock.lock();
            try {
                commitQueued();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sets what runs after every {@link #HOOK_BATCHES}-th batch: it must not block. */
    void everyBatches(Runnable hook) {
        everyBatches = hook;
    }

    /** Writes waiting for the next transaction. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed or tried so far: fewer than the writes when they were grouped. */
    long batches() {
        return batches;
    }

    private void commitQueued() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p = queue.poll(); p != null; p = batch.size() < MAX_BATCH ? queue.poll() : null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (++batches % HOOK_BATCHES == 0) {
            everyBatches.run();
        }
        try {
            check.run();
            Statements s = writer();
            Connection c = s.connection();
            try {
                if (allSucceed(s, batch)) {
                    s.commit();
                } else if (batch.size() == 1) {
                    // a failed write alone: nothing of it is kept (as under its own savepoint in a batch)
                    s.rollback();
                    dropWriter();
                } else {
                    // one failed: undo all, run them again each under a savepoint so that it fails alone
                    s.rollback();
                    for (Pending<?> p : batch) {
                        p.runIn(s, false);
                    }
                    s.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                dropWriter();
                batch.forEach(p -> p.failIfSucceeded(e));
            }
        } catch (SQLException | RuntimeException e) {
            // no connection, or the check refused (the file went away): writes not yet answered failed with it
            dropWriter();
            batch.forEach(p -> p.failIfSucceeded(e));
        } catch (Error e) {
            // e.g. out of memory: the outcome of these writes is unknown to us, and the writer thread must live on
            dropWriter();
            SQLException unknown = new SQLException("The job store's writer failed: " + e, e);
            batch.forEach(p -> p.failIfSucceeded(unknown));
        } finally {
            finish(batch);
        }
    }

    /**
     * Runs the batch's works one after the other without savepoints (two statements per write saved, a tenth of the
     * writer's time); stops at the first that fails. Works are SQL on the batch's statements, so running them again
     * after a rollback does the same.
     */
    private static boolean allSucceed(Statements s, List<Pending<?>> batch) throws SQLException {
        for (Pending<?> p : batch) {
            p.runIn(s, true);
            if (p.failure != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Marks the batch done and wakes its first waiting caller only: each woken caller wakes two more (a binary tree), so
     * the writer thread spends one wake-up per batch instead of one per write before the next batch. Posted writes hear
     * of their outcome here.
     */
    private static void finish(List<Pending<?>> batch) {
        List<Pending<?>> waiting = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
            if (p.thread != null) {
                waiting.add(p);
            } else {
                p.posted();
            }
        }
        for (int i = 0; i < waiting.size(); i++) {
            int left = 2 * i + 1;
            waiting.get(i)
                    .followers(
                            left < waiting.size() ? waiting.get(left) : null,
                            left + 1 < waiting.size() ? waiting.get(left + 1) : null);
        }
        for (Pending<?> p : batch) {
            p.done = true;
        }
        if (!waiting.isEmpty()) {
            LockSupport.unpark(waiting.get(0).thread);
        }
    }

    /** Runs {@code task} between two batches: no write of this group is under way meanwhile. */
    <T> T exclusively(Task<T> task) throws SQLException {
        lock.lock();
        try {
            return task.call();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the writer connection (the store closes): the next batch, if any, opens a new one. */
    void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
        lock.lock();
        try {
            dropWriter();
        } finally {
            lock.unlock();
        }
    }

    /**
     * One connection for all batches, in manual commit: taking a pooled connection, switching its commit mode and
     * preparing the statements anew cost about as much as the writes themselves.
     */
    private Statements writer() throws SQLException {
        if (writer == null) {
            Connection c = connections.get();
            try {
                c.setAutoCommit(false);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            writer = Statements.kept(c);
        }
        return writer;
    }

    /** After a failure the connection may be broken (disk full, file replaced): never reuse it. */
    private void dropWriter() {
        Statements s = writer;
        writer = null;
        if (s != null) {
            try {
                s.connection().rollback();
                s.connection().setAutoCommit(true);
            } catch (SQLException | RuntimeException ignored) {
                // closing below is what matters; a broken connection is dropped by the pool
            }
            try {
                s.close();
            } catch (SQLException | RuntimeException ignored) {
                // as above
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static final class Pending<T> {
        private final Work<T> work;
        private final Thread thread;
        private T value;
        private Exception failure;
        private boolean ran;
        /** The callers this one wakes once done (see {@link GroupCommit#finish}). */
        private Pending<?> left;

        private Pending<?> right;
        volatile boolean done;

        /** Posted writes only: told the outcome (null when committed). */
        private final Consumer<Exception> outcome;

        Pending(Work<T> work, Thread thread, Consumer<Exception> outcome) {
            this.work = work;
            this.thread = thread;
            this.outcome = outcome;
        }

        /** A posted write's outcome, to its callback; a failing callback must not fail the batch's others. */
        void posted() {
            try {
                outcome.accept(failure);
            } catch (RuntimeException e) {
                LOG.error("A posted job store write's callback failed", e);
            }
        }

        /**
         * Runs the work; its own failure is kept for its caller. Bare, undoing its writes is left to the batch's
         * rollback; else they are undone with its savepoint, unless the transaction itself is gone (then the whole batch
         * fails: the exception propagates).
         */
        void runIn(Statements s, boolean bare) throws SQLException {
            value = null;
            failure = null; // a run again after the batch was undone starts afresh
            if (bare) {
                try {
                    value = work.run(s);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
                ran = true;
                return;
            }
            // savepoints by cached statements: the driver's setSavepoint parses a new statement each time
            s.prepare("SAVEPOINT write").execute();
            try {
                value = work.run(s);
                s.prepare("RELEASE write").execute();
            } catch (SQLException | RuntimeException e) {
                failure = e;
                // fails when the database rolled back the whole transaction: the batch fails with it
                s.prepare("ROLLBACK TO write").execute();
                s.prepare("RELEASE write").execute();
            }
            ran = true;
        }

        void failIfSucceeded(Exception e) {
            if (!ran || failure == null) {
                failure = e;
                value = null;
            }
        }

        void followers(Pending<?> left, Pending<?> right) {
            this.left = left;
            this.right = right;
        }

        /** Once done: wakes the callers this one is to wake (see {@link GroupCommit#finish}). */
        void wakeFollowers() {
            if (left != null) {
                LockSupport.unpark(left.thread);
            }
            if (right != null) {
                LockSupport.unpark(right.thread);
            }
        }

        T result() throws SQLException {
            if (failure instanceof SQLException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return value;
        }
    }
}
