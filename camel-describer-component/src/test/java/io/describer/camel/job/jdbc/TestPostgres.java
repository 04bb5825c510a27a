package io.describer.camel.job.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL server for the test JVM, with a new database for each test class that asks: starting a
 * server takes seconds, creating a database milliseconds, and no class sees another's tables. The server stops when
 * the JVM exits.
 */
public final class TestPostgres {

    /** A database of the shared server: its data source and its JDBC URL (user {@code postgres}). */
    public record Database(DataSource dataSource, String jdbcUrl) {}

    private static EmbeddedPostgres server;
    private static int databases;

    private TestPostgres() {}

    /** A new, empty database; the server is started by the first call. */
    public static synchronized Database newDatabase() {
        try {
            if (server == null) {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "test-postgres-stop"));
                server = started;
            }
            String name = "test_" + ++databases;
            try (Connection c = server.getPostgresDatabase().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            return new Database(server.getDatabase("postgres", name), server.getJdbcUrl("postgres", name));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void stop(EmbeddedPostgres started) {
        try {
            started.close();
        } catch (IOException e) {
            // the JVM is exiting; the server's directory is temporary
        }
    }
}
