package io.describer.examples.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    /** The host key is new at each start: nothing to check it against. */
    private static final String OPTIONS = "strictHostKeyChecking=no&useUserKnownHostsFile=false";

    private final SshServer server;
    private final Path root;

    private EmbeddedSftp(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Starts the server on a free port; {@code root} is created if needed. */
    public static EmbeddedSftp start(Path root) throws IOException {
        return start(root, 0);
    }

    /** Starts the server on {@code port} (0: any free one); {@code root} is created if needed. */
    public static EmbeddedSftp start(Path root, int port) throws IOException {
        Files.createDirectories(root);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
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
        return FileServerAccess.camelUri("sftp", USER, PASSWORD, port(), directory, OPTIONS, extraOptions);
    }

    /** The connection settings as the FTP pipeline's properties ({@code ftp.scheme}, {@code ftp.port}, ...). */
    public Map<String, String> properties() {
        return FileServerAccess.pipelineProperties("sftp", USER, PASSWORD, port(), OPTIONS);
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
