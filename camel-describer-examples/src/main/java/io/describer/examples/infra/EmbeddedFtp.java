package io.describer.examples.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An FTP server (Apache FtpServer) in this JVM on 127.0.0.1 and a free port, passive mode on loopback, one user
 * {@value #USER}/{@value #PASSWORD} whose home is the given directory.
 */
public final class EmbeddedFtp implements AutoCloseable {

    public static final String USER = "camel";
    public static final String PASSWORD = "secret";
    private static final String LISTENER = "default";
    /** Passive data connections: the server's data ports are on loopback too. */
    private static final String OPTIONS = "passiveMode=true";

    private final FtpServer server;
    private final Path home;
    private final int port;

    private EmbeddedFtp(FtpServer server, Path home) {
        this.server = server;
        this.home = home;
        this.port = ((DefaultFtpServer) server).getListener(LISTENER).getPort();
    }

    /** Starts the server on a free port; {@code home} is created if needed. */
    public static EmbeddedFtp start(Path home) throws Exception {
        return start(home, 0);
    }

    /** Starts the server on {@code port} (0: any free one); {@code home} is created if needed. */
    public static EmbeddedFtp start(Path home, int port) throws Exception {
        Files.createDirectories(home);
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        // passive data connections on loopback too, any free port, so nothing is reachable from outside
        data.setPassiveAddress("127.0.0.1");
        data.setPassivePorts("0");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener(LISTENER, listener.createListener());
        factory.setUserManager(userManager(home));
        FtpServer server = factory.createServer();
        server.start();
        return new EmbeddedFtp(server, home);
    }

    private static UserManager userManager(Path home) throws FtpException {
        UserManager users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toAbsolutePath().toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        return users;
    }

    public int port() {
        return port;
    }

    /** The user's home directory: what the server shows as "/". */
    public Path home() {
        return home;
    }

    /** The camel-ftp URI of a directory under the home, binary transfers, with {@code extraOptions} appended. */
    public String camelUri(String directory, String extraOptions) {
        return FileServerAccess.camelUri(
                "ftp", USER, PASSWORD, port, directory, OPTIONS + "&binary=true", extraOptions);
    }

    /** The connection settings as the FTP pipeline's properties ({@code ftp.scheme}, {@code ftp.port}, ...). */
    public Map<String, String> properties() {
        return FileServerAccess.pipelineProperties("ftp", USER, PASSWORD, port(), OPTIONS);
    }

    @Override
    public void close() {
        server.stop();
    }
}
