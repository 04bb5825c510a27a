package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints an SQLite write-ahead log in the background. Left to itself SQLite checkpoints inside the commit that
 * takes the log past 1,000 pages: it copies them into the database and syncs both files while every other writer waits
 * for that commit. Here the writer connection checkpoints only as a backstop ({@link #BACKSTOP_PAGES}); this thread
 * copies passively, beside writers and readers, every few tens of milliseconds and after every {@link
 * GroupCommit#HOOK_BATCHES} commits (a burst of commits outgrows a fixed cadence). A passive checkpoint cannot finish
 * while commits keep appending, so under a steady load the log would only grow: past {@link #RESTART_PAGES} one
 * checkpoint runs between two group commits, after which the next commit writes the log from its start again. The log
 * file keeps its size meanwhile (truncating and growing it again cost more than the checkpoints saved); once the store
 * has been idle for half a second it is truncated, so a store at rest is its database file.
 */
final class WalCheckpointer implements AutoCloseable {

    static final long INTERVAL_MILLIS = 50;
    /** Ticks without a commit before the log file is truncated: half a second. */
    static final int IDLE_TICKS = 10;
    /** Pages of log before a checkpoint holds the writers back: 2 MiB of a new store's 1 KiB pages. */
    static final int RESTART_PAGES = 2_000;
    /** The writer's own checkpoint, should this thread stall. */
    static final int BACKSTOP_PAGES = 4 * RESTART_PAGES;

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final GroupCommit.Connections connections;
    private final GroupCommit group;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    /** Touched by the timer thread only. */
    private long batchesSeen = -1;

    private int idleTicks;

    private int logPages;

    WalCheckpointer(String name, GroupCommit.Connections connections, GroupCommit group) {
        this.connections = connections;
        this.group = group;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "describer-job-store-checkpoint-" + name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        group.everyBatches(this::soon);
    }

    /** A tick now, not at the next interval: a burst of commits grows the log faster than the interval allows. */
    private void soon() {
        if (!tickQueued.getAndSet(true)) {
            try {
                timer.execute(() -> {
                    tickQueued.set(false);
                    tick();
                });
            } catch (RejectedExecutionException closed) {
                // closed: the store is closing too
            }
        }
    }

    /** Settings of the writer connection: it checkpoints only when this thread falls far behind. */
    static void configureWriter(Connection writer) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = " + BACKSTOP_PAGES);
        }
    }

    private void tick() {
        try {
            long batches = group.batches();
            idleTicks = batches == batchesSeen ? idleTicks + 1 : 0;
            batchesSeen = batches;
            if (idleTicks > 0) {
                if (idleTicks >= IDLE_TICKS && logPages > 0) {
                    group.exclusively(() -> checkpoint("TRUNCATE"));
                }
            } else if (checkpoint("PASSIVE") >= RESTART_PAGES) {
                group.exclusively(() -> checkpoint("PASSIVE"));
            }
        } catch (SQLException | RuntimeException e) {
            // the next tick tries again; the writer's backstop bounds the log meanwhile
            LOG.debug("Checkpoint of the job store's log failed: {}", e.toString());
        }
    }

    /** One checkpoint; returns the pages left in the log (copied or not). */
    private int checkpoint(String mode) throws SQLException {
        try (Connection c = connections.get();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            logPages = rs.next() ? rs.getInt(2) : 0;
            return logPages;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
