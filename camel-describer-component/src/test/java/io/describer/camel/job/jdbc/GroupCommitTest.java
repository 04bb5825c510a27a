package io.describer.camel.job.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.describer.camel.job.JobStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Writes that threads queue while a commit is under way share the next transaction; each caller returns only once its
 * write is committed (another connection sees it), and a failing write fails alone.
 */
class GroupCommitTest {

    @TempDir
    Path dir;

    private String url;
    private GroupCommit group;
    private final AtomicInteger opened = new AtomicInteger();
    private ExecutorService threads;

    @BeforeEach
    void setUp() throws SQLException {
        url = JobStores.sqliteFileUrl(dir.resolve("group.db"));
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (k VARCHAR(10) PRIMARY KEY)");
        }
        group = new GroupCommit(
                "test",
                () -> {
                    opened.incrementAndGet();
                    return DriverManager.getConnection(url);
                },
                () -> {});
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        group.close();
    }

    @Test
    void postedWritesHearTheirOutcomeAndTheirBatchStillWakesItsCallers() throws Exception {
        group.run(s -> insert(s, "taken"));
        List<Exception> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch heard = new CountDownLatch(2);
        Consumer<Exception> listener = e -> {
            outcomes.add(e);
            heard.countDown();
        };
        group.post(s -> insert(s, "p1"), listener);
        group.post(s -> insert(s, "taken"), listener);
        // a caller queued behind posted writes returns with them committed
        group.run(s -> insert(s, "after"));
        assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcomes).hasSize(2).containsNull();
        assertThat(outcomes).filteredOn(Objects::nonNull).singleElement().isInstanceOf(SQLException.class);
        assertThat(count()).as("taken, p1, after").isEqualTo(3);

        // with nobody waiting the writer thread, idle, is woken by the post itself
        CountDownLatch alone = new CountDownLatch(1);
        Thread.sleep(50);
        group.post(s -> insert(s, "p2"), e -> alone.countDown());
        assertThat(alone.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(committed("p2")).isTrue();
    }

    @Test
    void batchesShareOneWriterConnectionUntilOneFails() throws Exception {
        for (int i = 0; i < 5; i++) {
            String key = "k" + i;
            group.run(s -> insert(s, key));
        }
        assertThat(opened).as("one connection for five batches").hasValue(1);

        assertThatThrownBy(() -> group.run(s -> insert(s, "k0"))).isInstanceOf(SQLException.class);
        group.run(s -> insert(s, "k5"));
        assertThat(opened).as("a failure retires the connection").hasValue(2);
        assertThat(count()).isEqualTo(6);
    }

    @Test
    void writesQueuedDuringACommitShareTheNextAndReturnOnceCommitted() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = threads.submit(() -> group.run(c -> {
            int rows = insert(c, "first");
            holding.countDown();
            hold(release);
            return rows;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Boolean>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            others.add(threads.submit(() -> group.run(c -> insert(c, key)) == 1 && committed(key)));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> group.queued() == 10);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (Future<Boolean> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS))
                    .as("inserted and visible on return")
                    .isTrue();
        }
        assertThat(group.batches())
                .as("one transaction for the first, one for the ten")
                .isEqualTo(2);
        assertThat(count()).isEqualTo(11);
    }

    @Test
    void aFailingWriteIsUndoneAloneAndItsCallerGetsTheError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = takenThenFirstHeld(release);
        Future<Integer> before = threads.submit(() -> group.run(c -> insert(c, "before")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> group.queued() == 1);
        // two statements: the first is undone with the second's failure
        Future<Integer> failing = threads.submit(() -> group.run(c -> insert(c, "half") + insert(c, "taken")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> group.queued() == 2);
        Future<Integer> after = threads.submit(() -> group.run(c -> insert(c, "after")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> group.queued() == 3);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SQLException.class)
                .hasMessageContaining("SQLITE_CONSTRAINT");
        assertThat(committed("before")).isTrue();
        assertThat(committed("after")).isTrue();
        assertThat(committed("half")).as("undone with its write's failure").isFalse();
        assertThat(count()).isEqualTo(4);
    }

    @Test
    void aWriteBeforeCommitIsMadeOnceForTheWritesItsTransactionKept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Integer> first = takenThenFirstHeld(release);
        Object owner = new Object();
        List<Future<Integer>> writes = new ArrayList<>();
        for (String key : List.of("a", "taken", "b")) {
            writes.add(threads.submit(() -> group.run(c -> {
                int rows = insert(c, key);
                c.beforeCommit(owner, Tally::new).writes++;
                return rows;
            })));
            int queued = writes.size();
            await().atMost(10, TimeUnit.SECONDS).until(() -> group.queued() == queued);
        }
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(writes.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> writes.get(1).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        assertThat(writes.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        // the batch ran twice (the failing write undone alone the second time): only the second run's tally counts
        assertThat(committed("tally-2")).isTrue();
        assertThat(count()).as("taken, first, a, b and one tally").isEqualTo(5);
    }

    /** Counts the writes of a transaction that asked for it; writes the count before the commit. */
    private static final class Tally implements Statements.BeforeCommit {
        int writes;

        Tally(Statements s) {}

        @Override
        public void write(Statements s) throws SQLException {
            insert(s, "tally-" + writes);
        }
    }

    @Test
    void aWriteAloneThatFailsLeavesNothing() throws Exception {
        assertThatThrownBy(() -> group.run(c -> insert(c, "one") + insert(c, "one")))
                .isInstanceOf(SQLException.class);
        assertThat(committed("one")).isFalse();
    }

    @Test
    void anInterruptedCallerStillWaitsForItsCommitAndKeepsItsInterrupt() throws Exception {
        Future<Boolean> caller = threads.submit(() -> {
            Thread.currentThread().interrupt();
            int rows = group.run(c -> insert(c, "interrupted"));
            return rows == 1
                    && committed("interrupted")
                    && Thread.currentThread().isInterrupted();
        });
        assertThat(caller.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theWriterThreadOutlivesAnErrorAndACloseAndWritesGoOn() throws Exception {
        assertThatThrownBy(() -> group.run(c -> {
                    insert(c, "lost");
                    throw new StackOverflowError("simulated");
                }))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("simulated");
        assertThat(committed("lost")).as("undone with the error").isFalse();
        group.run(c -> insert(c, "after-error"));
        group.close();
        group.run(c -> insert(c, "after-close"));
        assertThat(committed("after-error")).isTrue();
        assertThat(committed("after-close")).isTrue();
    }

    /** Commits "taken", then holds the writer in a write of "first" (committed after {@code release}). */
    private Future<Integer> takenThenFirstHeld(CountDownLatch release) throws Exception {
        group.run(c -> insert(c, "taken"));
        CountDownLatch holding = new CountDownLatch(1);
        Future<Integer> first = threads.submit(() -> group.run(c -> {
            holding.countDown();
            hold(release);
            return insert(c, "first");
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static void hold(CountDownLatch release) throws SQLException {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
        }
    }

    private static int insert(Statements s, String key) throws SQLException {
        PreparedStatement ps = s.prepare("INSERT INTO t (k) VALUES (?)");
        ps.setString(1, key);
        return ps.executeUpdate();
    }

    /** Seen by a connection of its own: committed. */
    private boolean committed(String key) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private int count() throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
