package io.describer.examples.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SFTP server (Apache MINA SSHD) in this JVM on 127.0.0.1 and a free port: password login
 * {@value #USER}/{@value #PASSWORD}, the given directory as the file system root. The host key is generated in memory
 * at each start, so clients must not check it against a known-hosts file.
 */
public final class EmbeddedSftp implements AutoCloseable {

    public static final String USER = "camel";
    public static final String PASSWORD = "secret";

    private final SshServer server;
    private final Path root;

    private EmbeddedSftp(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Starts the server; {@code root} is created if needed. */
    public static EmbeddedSftp start(Path root) throws IOException {
        Files.createDirectories(root);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        server.start();
        return new EmbeddedSftp(server, root);
    }

    public int port() {
        return server.getPort();
    }

    /** The directory the server shows as "/". */
    public Path root() {
        return root;
    }

    /** The camel-ftp sftp URI of a directory under the root, with {@code extraOptions} appended. */
    public String camelUri(String directory, String extraOptions) {
        String uri = "sftp://" + USER + "@127.0.0.1:" + port() + "/" + directory + "?password=" + PASSWORD
                     + "&strictHostKeyChecking=no&useUserKnownHostsFile=false";
        return extraOptions == null || extraOptions.isEmpty() ? uri : uri + "&" + extraOptions;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
