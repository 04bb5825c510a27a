package io.describer.examples.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/** How Camel's ftp and sftp components reach a loopback server of ours: its endpoint URI and the FTP pipeline's properties. */
final class FileServerAccess {

    private FileServerAccess() {}

    static String camelUri(
            String scheme,
            String user,
            String password,
            int port,
            String directory,
            String options,
            String extraOptions) {
        String uri = scheme + "://" + user + "@127.0.0.1:" + port + "/" + directory + "?password=" + password + "&"
                + options;
        return extraOptions == null || extraOptions.isEmpty() ? uri : uri + "&" + extraOptions;
    }

    /** The values of {@code ftp.scheme}, {@code ftp.host}, {@code ftp.port}, ... read by the FTP pipeline. */
    static Map<String, String> pipelineProperties(
            String scheme, String user, String password, int port, String options) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ftp.scheme", scheme);
        props.put("ftp.host", "127.0.0.1");
        props.put("ftp.port", String.valueOf(port));
        props.put("ftp.user", user);
        props.put("ftp.password", password);
        props.put("ftp.options", options);
        return props;
    }
}
