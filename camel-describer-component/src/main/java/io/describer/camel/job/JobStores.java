package io.describer.camel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.describer.camel.job.jdbc.JdbcJobStore;

/** Ready-made {@link JdbcJobStore}s. */
public final class JobStores {

    /** Enough for concurrent status checks and submissions; each store operation holds a connection briefly. */
    static final int POOL_SIZE = 10;

    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    /** How long an SQLite write waits for the one writer before it fails. */
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Bytes per page of a new SQLite store: a commit appends each page it changed to the log, whole, and a job's rows are
     * a few hundred bytes, so 1 KiB pages write a quarter of what SQLite's default 4 KiB pages write.
     */
    public static final int SQLITE_PAGE_SIZE = 1024;

    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password=)[^&;]*");
    private static final AtomicInteger POOLS = new AtomicInteger();

    private JobStores() {}

    /**
     * The embedded default at {@code location}: an SQLite file {@code <location>.db} (a name ending in {@code .db} is
     * taken as it is), or the H2 file store when the name ends in {@code .mv.db} or an H2 file
     * {@code <location>.mv.db} of an earlier version exists, so its jobs are kept. Why SQLite: README, "the job store".
     */
    public static JdbcJobStore embedded(Path location, String table, Clock clock) {
        Path absolute = location.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        if (name.endsWith(".mv.db") || Files.exists(absolute.resolveSibling(name + ".mv.db"))) {
            return h2File(absolute, table, clock);
        }
        return sqliteFile(name.endsWith(".db") ? absolute : absolute.resolveSibling(name + ".db"), table, clock);
    }

    public static JdbcJobStore embedded(Path location) {
        return embedded(location, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
    }

    /** An H2 file database at {@code dbFile} (H2 adds {@code .mv.db}). */
    public static JdbcJobStore h2File(Path dbFile) {
        return h2File(dbFile, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
    }

    public static JdbcJobStore h2File(Path dbFile, String table, Clock clock) {
        Path base = h2Base(dbFile);
        try {
            Files.createDirectories(base.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the job store directory " + base.getParent(), e);
        }
        EmbeddedStoreFile file = EmbeddedStoreFile.lock(base, base.resolveSibling(base.getFileName() + ".mv.db"));
        JdbcJobStore store;
        try {
            store = h2(h2FileUrl(base), null, null, table, clock, file);
            file.opened();
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
        return store;
    }

    /**
     * An SQLite file database at {@code dbFile} (xerial sqlite-jdbc on the class path), in WAL mode with
     * {@code synchronous=NORMAL}: a commit is in the WAL file before the call returns, so a killed process loses no
     * committed write (as {@link #h2File}); a power loss may lose the last ones. See the README's store figures.
     */
    public static JdbcJobStore sqliteFile(Path dbFile, String table, Clock clock) {
        Path file = dbFile.toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the job store directory " + file.getParent(), e);
        }
        String name = file.getFileName().toString();
        Path location = name.endsWith(".db") ? file.resolveSibling(name.substring(0, name.length() - 3)) : file;
        EmbeddedStoreFile guard = EmbeddedStoreFile.lock(location, file);
        try {
            createSqliteFile(file, SQLITE_PAGE_SIZE);
            HikariDataSource pool = pool(sqliteFileUrl(file), null, null);
            JdbcJobStore store = new JdbcJobStore(pool, table, clock, () -> {
                pool.close();
                guard.close();
            });
            guard.opened();
            store.guardedBy(guard::check, e -> {});
            try {
                return store.withJournal(file.resolveSibling(file.getFileName() + "-submissions-" + table));
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (RuntimeException e) {
            guard.close();
            throw e;
        }
    }

    /**
     * Creates an SQLite store file in WAL mode with {@code pageSize}-byte pages, unless it exists; a page size is fixed
     * once a database is in WAL mode, so it is set before. {@link #sqliteFile} does this with {@link #SQLITE_PAGE_SIZE}.
     */
    public static void createSqliteFile(Path file, int pageSize) {
        if (Files.exists(file)) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = " + pageSize);
            st.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new JobStoreException("Cannot create the job store file " + file + ": " + e.getMessage(), e);
        }
    }

    /** WAL lets readers run beside the one writer; the busy timeout queues writers instead of failing them. */
    public static String sqliteFileUrl(Path file) {
        String path = file.toString();
        if (path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("SQLite database path must not contain '?': " + path);
        }
        return "jdbc:sqlite:" + path + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=" + BUSY_TIMEOUT.toMillis();
    }

    /** A data source the caller owns (a pool, PostgreSQL, ...); closing the store leaves it open. */
    public static JdbcJobStore forDataSource(DataSource dataSource) {
        return new JdbcJobStore(dataSource);
    }

    public static JdbcJobStore forDataSource(DataSource dataSource, String table, Clock clock) {
        return new JdbcJobStore(dataSource, table, clock);
    }

    /**
     * H2 ({@code jdbc:h2:...}) or any database whose JDBC driver is on the class path, e.g. PostgreSQL, through a
     * connection pool the store owns. An embedded H2 file URL should carry {@code ;WRITE_DELAY=0} (as {@link #h2File}
     * does), or a crash may lose the last commits.
     */
    public static JdbcJobStore forJdbcUrl(String url, String user, String password) {
        return forJdbcUrl(url, user, password, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
    }

    public static JdbcJobStore forJdbcUrl(String url, String user, String password, String table, Clock clock) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("Not a JDBC URL: " + (url == null ? null : maskUrl(url)));
        }
        if (url.startsWith("jdbc:h2:")) {
            return h2(url, user, password, table, clock, null);
        }
        HikariDataSource pool = pool(url, user, password);
        return new JdbcJobStore(pool, table, clock, pool);
    }

    /**
     * An embedded H2 database closes when its last connection does; the store holds one open outside the pool for its
     * lifetime, so a pool retiring its connections never closes and reopens the database, and closing the store closes
     * the database, releasing the file for the next store or process.
     */
    private static JdbcJobStore h2(
            String url, String user, String password, String table, Clock clock, EmbeddedStoreFile file) {
        String u = user == null ? "" : user;
        String p = password == null ? "" : password;
        KeepOpen keepOpen = new KeepOpen(url, u, p);
        HikariDataSource pool;
        try {
            pool = pool(url, u, p);
        } catch (RuntimeException e) {
            keepOpen.close();
            throw e;
        }
        JdbcJobStore store = new JdbcJobStore(pool, table, clock, () -> {
            pool.close();
            keepOpen.close();
            if (file != null) {
                file.close();
            }
        });
        // H2 closes a database after an I/O error (read-only or full disk): reopen it once the cause is gone
        return store.guardedBy(file != null ? file::check : () -> {}, keepOpen.reopenAfter(pool));
    }

    /** The connection that keeps an embedded H2 database open; reopened after H2 closed the database. */
    private static final class KeepOpen {
        private final String url;
        private final String user;
        private final String password;
        private Connection connection;

        KeepOpen(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
            try {
                connection = DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                throw new JobStoreException("Cannot open the H2 job store " + maskUrl(url) + ": " + e.getMessage(), e);
            }
        }

        /** H2 says 90098 (the database has been closed) or 90121 (closed by the VM) on every statement after that. */
        java.util.function.Consumer<SQLException> reopenAfter(HikariDataSource pool) {
            return e -> {
                if (e.getErrorCode() == 90098 || e.getErrorCode() == 90121) {
                    reopen(pool);
                }
            };
        }

        private synchronized void reopen(HikariDataSource pool) {
            closeQuietly(connection);
            connection = null;
            // the pooled connections belong to the closed database too
            if (pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            try {
                connection = DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                throw new JobStoreException("H2 job store not reopened yet: " + e.getMessage(), e);
            }
        }

        synchronized void close() {
            closeQuietly(connection);
            connection = null;
        }
    }

    /**
     * HikariCP: the pool most JDBC users already run, it checks connections before handing them out and drops the ones
     * a failure broke, so a store recovers when its database does. Prepared statements are cached by the drivers per
     * pooled connection (H2's query cache, PostgreSQL's server-side statements).
     */
    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("describer-job-store-" + POOLS.incrementAndGet());
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        // a store that cannot hand out a connection within this time is broken: fail the operation, do not queue
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new JobStoreException("Cannot open the job store " + maskUrl(url) + ": " + rootMessage(e), e);
        }
    }

    /** Shown in logs: a password given in the URL is masked, the password property never appears. */
    public static String maskUrl(String url) {
        return URL_SECRET.matcher(url).replaceAll("$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    /** {@code jobs}, {@code jobs.mv.db} → absolute {@code jobs}: H2 wants the name without its suffix. */
    public static Path h2Base(Path dbFile) {
        Path absolute = dbFile.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString();
        return name.endsWith(".mv.db") ? absolute.resolveSibling(name.substring(0, name.length() - 6)) : absolute;
    }

    /** WRITE_DELAY=0: a commit reaches the file before the producer returns, not up to 500 ms later. */
    public static String h2FileUrl(Path base) {
        String path = base.toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("H2 database path must not contain ';': " + path);
        }
        return "jdbc:h2:file:" + path + ";WRITE_DELAY=0";
    }
}
