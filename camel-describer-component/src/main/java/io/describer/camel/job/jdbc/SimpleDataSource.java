package io.describer.camel.job.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * A connection per call from {@link DriverManager}: enough for the job store's short, infrequent operations and needs
 * no pool or driver-specific class (the PostgreSQL driver is optional).
 */
public final class SimpleDataSource implements DataSource {

    private static final Pattern URL_SECRET = Pattern.compile("(?i)(password=)[^&;]*");

    private final String url;
    private final String user;
    private final String password;
    private int loginTimeout;

    public SimpleDataSource(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return username == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, username, pass);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Shown in logs: a password given in the URL is masked, the password property never appears. */
    public static String maskUrl(String url) {
        return URL_SECRET.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "SimpleDataSource[url=" + maskUrl(url) + ", user=" + user + "]";
    }
}
