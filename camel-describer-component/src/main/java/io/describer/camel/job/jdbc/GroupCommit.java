package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for a database with one writer at a time (SQLite): writes that threads queue while another commit is
 * under way are run together in the next transaction and committed once. Each write runs under a savepoint of its own,
 * so a failing one (a unique key taken) is undone alone and its caller gets its exception, while the others commit.
 * Every caller returns only after the transaction holding its write committed (or failed): durability per call is
 * that of a commit, at one commit (one WAL append and, with {@code synchronous=NORMAL}, no fsync) per batch instead of
 * per write. Without it concurrent writers queued on SQLite's write lock one commit at a time.
 *
 * <p>The leader is whichever waiting thread takes the lock next; a write found done by an earlier leader returns
 * without a transaction of its own. A work must not call back into the store (it would wait for itself).
 */
final class GroupCommit {

    /** One unit of writes on the batch's connection, inside its transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The connection of a batch: checked and with the schema in place. */
    @FunctionalInterface
    interface Connections {
        Connection get() throws SQLException;
    }

    /** Most writes in one transaction: bounds how long one commit holds the writer lock. */
    static final int MAX_BATCH = 512;

    private final Connections connections;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile long batches;

    GroupCommit(Connections connections) {
        this.connections = connections;
    }

    /** Runs {@code work} in the next group transaction and returns its result once that committed. */
    <T> T run(Work<T> work) throws SQLException {
        Pending<T> pending = new Pending<>(work);
        queue.add(pending);
        while (!pending.done) {
            lock.lock();
            try {
                if (!pending.done) {
                    commitQueued();
                }
            } finally {
                lock.unlock();
            }
        }
        return pending.result();
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
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                boolean alone = batch.size() == 1;
                for (Pending<?> p : batch) {
                    p.runIn(c, alone);
                }
                if (alone && batch.get(0).failure != null) {
                    // a failed write alone: nothing of it is kept (as under its own savepoint in a batch)
                    c.rollback();
                } else {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                batch.forEach(p -> p.failIfSucceeded(e));
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            // no connection, or it broke while resetting: writes not yet answered failed with it
            batch.forEach(p -> p.failIfSucceeded(e));
        } finally {
            batch.forEach(Pending::finish);
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
        private T value;
        private Exception failure;
        private boolean ran;
        volatile boolean done;

        Pending(Work<T> work) {
            this.work = work;
        }

        /**
         * Runs the work; its own failure is kept for its caller and its writes undone, unless the transaction itself
         * is gone (then the whole batch fails: the exception propagates).
         */
        void runIn(Connection c, boolean alone) throws SQLException {
            if (alone) {
                try {
                    value = work.run(c);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                }
                ran = true;
                return;
            }
            Savepoint savepoint = c.setSavepoint();
            try {
                value = work.run(c);
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
