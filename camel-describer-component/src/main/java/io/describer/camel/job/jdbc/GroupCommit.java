package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for a database with one writer at a time (SQLite): writes that threads queue while another commit is
 * under way are run together in the next transaction and committed once. Each write runs under a savepoint of its own,
 * so a failing one (a unique key taken) is undone alone and its caller gets its exception, while the others commit.
 * Every caller returns only after the transaction holding its write committed (or failed): durability per call is
 * that of a commit, at one commit (one WAL append and, with {@code synchronous=NORMAL}, no fsync) per batch instead of
 * per write. Without it concurrent writers queued on SQLite's write lock one commit at a time.
 *
 * <p>The leader is a queued thread that finds the lock free; the others park until their write is committed or the
 * leader leaves (then the first queued is woken to lead); a write done by an earlier leader returns without a
 * transaction of its own. A work must not call back into the store (it would wait for itself). All batches
 * run on one held connection with its prepared statements (see {@link #writer()}); readers use the pool meanwhile.
 */
final class GroupCommit {

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

    private static final long PARK_NANOS = 10_000_000;

    private final Connections connections;
    private final Runnable check;
    /** The writer connection and its statements, held across batches; dropped after a failure and taken anew. */
    private Statements writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile long batches;

    /** {@code check} runs before every batch and throws when the store must not be written now. */
    GroupCommit(Connections connections, Runnable check) {
        this.connections = connections;
        this.check = check;
    }

    /** Runs {@code work} in the next group transaction and returns its result once that committed. */
    <T> T run(Work<T> work) throws SQLException {
        Pending<T> pending = new Pending<>(work, Thread.currentThread());
        queue.add(pending);
        while (!pending.done) {
            // a thread that waited on the lock itself would need the lock again just to see its write done: on few
            // cores those hand-overs, not the commits, set the pace and no batch ever formed
            // (and never barging past a checkpoint waiting for its turn between two batches)
            boolean leader = Thread.currentThread().isInterrupted()
                    ? lockUninterruptibly()
                    : !lock.hasQueuedThreads() && lock.tryLock();
            if (leader) {
                try {
                    if (!pending.done) {
                        commitQueued();
                    }
                } finally {
                    lock.unlock();
                }
                handOver();
            } else {
                // woken when a leader committed our write or left the lead; the timeout only bounds a lost wake-up
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        return pending.result();
    }

    /** The writes queued while the lock was held need a leader: wakes the thread of the first. */
    private void handOver() {
        Pending<?> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    private boolean lockUninterruptibly() {
        lock.lock();
        return true;
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
        batches++;
        try {
            check.run();
            Statements s = writer();
            Connection c = s.connection();
            boolean alone = batch.size() == 1;
            try {
                for (Pending<?> p : batch) {
                    p.runIn(s, alone);
                }
                if (alone && batch.get(0).failure != null) {
                    // a failed write alone: nothing of it is kept (as under its own savepoint in a batch)
                    c.rollback();
                    dropWriter();
                } else {
                    c.commit();
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
        } finally {
            batch.forEach(Pending::finish);
        }
    }

    /** Runs {@code task} between two batches: no write of this group is under way meanwhile. */
    <T> T exclusively(Task<T> task) throws SQLException {
        lock.lock();
        try {
            return task.call();
        } finally {
            lock.unlock();
            handOver();
        }
    }

    /** Closes the writer connection (the store closes): the next batch, if any, opens a new one. */
    void close() {
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
        volatile boolean done;

        Pending(Work<T> work, Thread thread) {
            this.work = work;
            this.thread = thread;
        }

        /**
         * Runs the work; its own failure is kept for its caller and its writes undone, unless the transaction itself
         * is gone (then the whole batch fails: the exception propagates).
         */
        void runIn(Statements s, boolean alone) throws SQLException {
            if (alone) {
                try {
                    value = work.run(s);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
                ran = true;
                return;
            }
            Connection c = s.connection();
            Savepoint savepoint = c.setSavepoint();
            try {
                value = work.run(s);
                c.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                failure = e;
                // fails when the database rolled back the whole transaction: the batch fails with it
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
            }
            ran = true;
        }

        void failIfSucceeded(Exception e) {
            if (!ran || failure == null) {
                failure = e;
                value = null;
            }
        }

        void finish() {
            done = true;
            LockSupport.unpark(thread);
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
