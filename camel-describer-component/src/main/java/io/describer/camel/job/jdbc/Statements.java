package io.describer.camel.job.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prepared statements of one connection. On the SQLite writer connection they are kept for the next batches
 * (preparing a statement costs about as much as running it there); elsewhere each is closed with the operation.
 * Callers never close what {@link #prepare} returns; they close the result sets they open.
 */
final class Statements implements AutoCloseable {

    /** More than the store's distinct write statements: the cache never evicts in practice. */
    private static final int MAX_CACHED = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> cached;
    private final List<PreparedStatement> used;
    /** What the open transaction writes once just before it commits, by owner. */
    private final Map<Object, BeforeCommit> beforeCommit = new LinkedHashMap<>(4);

    /** A write a transaction makes once however many of its writes need it (e.g. a counter they all advance). */
    interface BeforeCommit {
        void write(Statements s) throws SQLException;
    }

    /** Makes the {@link BeforeCommit} of an owner the first time the transaction asks for it. */
    @FunctionalInterface
    interface BeforeCommitFactory<T extends BeforeCommit> {
        T create(Statements s) throws SQLException;
    }

    private Statements(Connection connection, boolean keep) {
        this.connection = connection;
        this.cached = keep ? new LinkedHashMap<>() : null;
        this.used = keep ? null : new ArrayList<>();
    }

    /** Statements kept until {@link #close()}, which closes them and the connection. */
    static Statements kept(Connection connection) {
        return new Statements(connection, true);
    }

    /** Statements closed with {@link #close()}; the connection stays with its owner. */
    static Statements oneShot(Connection connection) {
        return new Statements(connection, false);
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        if (used != null) {
            PreparedStatement ps = connection.prepareStatement(sql);
            used.add(ps);
            return ps;
        }
        PreparedStatement ps = cached.get(sql);
        if (ps == null) {
            if (cached.size() >= MAX_CACHED) {
                closeAll(cached.values());
                cached.clear();
            }
            ps = connection.prepareStatement(sql);
            cached.put(sql, ps);
        }
        return ps;
    }

    /** The open transaction's {@link BeforeCommit} of {@code owner}, made by {@code factory} if it has none yet. */
    @SuppressWarnings("unchecked")
    <T extends BeforeCommit> T beforeCommit(Object owner, BeforeCommitFactory<T> factory) throws SQLException {
        BeforeCommit b = beforeCommit.get(owner);
        if (b == null) {
            b = factory.create(this);
            beforeCommit.put(owner, b);
        }
        return (T) b;
    }

    /** Makes the transaction's {@link BeforeCommit} writes, then commits it. */
    void commit() throws SQLException {
        try {
            for (BeforeCommit b : beforeCommit.values()) {
                b.write(this);
            }
        } finally {
            beforeCommit.clear();
        }
        connection.commit();
    }

    /** Undoes the transaction and forgets its {@link BeforeCommit} writes. */
    void rollback() throws SQLException {
        beforeCommit.clear();
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = closeAll(used != null ? used : cached.values());
        if (cached != null) {
            cached.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException closeAll(Iterable<PreparedStatement> statements) {
        SQLException failure = null;
        for (PreparedStatement ps : statements) {
            try {
                ps.close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        return failure;
    }
}
