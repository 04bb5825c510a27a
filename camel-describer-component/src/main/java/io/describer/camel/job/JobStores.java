package io.describer.camel.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import io.describer.camel.job.jdbc.JdbcJobStore;
import io.describer.camel.job.jdbc.SimpleDataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Ready-made {@link JdbcJobStore}s. */
public final class JobStores {

    private JobStores() {}

    /** The embedded default: an H2 file database at {@code dbFile} (H2 adds {@code .mv.db}). */
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
        return h2(h2FileUrl(base), null, null, table, clock);
    }

    /** A data source the caller owns (a pool, PostgreSQL, ...); closing the store leaves it open. */
    public static JdbcJobStore forDataSource(DataSource dataSource) {
        return new JdbcJobStore(dataSource);
    }

    public static JdbcJobStore forDataSource(DataSource dataSource, String table, Clock clock) {
        return new JdbcJobStore(dataSource, table, clock);
    }

    /**
     * H2 ({@code jdbc:h2:...}) or any database whose JDBC driver is on the class path, e.g. PostgreSQL. An embedded H2
     * file URL should carry {@code ;WRITE_DELAY=0} (as {@link #h2File} does), or a crash may lose the last commits.
     */
    public static JdbcJobStore forJdbcUrl(String url, String user, String password) {
        return forJdbcUrl(url, user, password, JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
    }

    public static JdbcJobStore forJdbcUrl(String url, String user, String password, String table, Clock clock) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "Not a JDBC URL: " + (url == null ? null : SimpleDataSource.maskUrl(url)));
        }
        if (url.startsWith("jdbc:h2:")) {
            return h2(url, user, password, table, clock);
        }
        return new JdbcJobStore(new SimpleDataSource(url, user, password), table, clock);
    }

    /**
     * An embedded H2 database closes when its last connection does; the store holds one open for its lifetime so
     * the per-operation connections are cheap, and closing the store closes the database, releasing the file for the
     * next store or process.
     */
    private static JdbcJobStore h2(String url, String user, String password, String table, Clock clock) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(user == null ? "" : user);
        ds.setPassword(password == null ? "" : password);
        Connection keepOpen;
        try {
            keepOpen = ds.getConnection();
        } catch (SQLException e) {
            throw new JobStoreException(
                    "Cannot open the H2 job store " + SimpleDataSource.maskUrl(url) + ": " + e.getMessage(), e);
        }
        return new JdbcJobStore(ds, table, clock, keepOpen);
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
