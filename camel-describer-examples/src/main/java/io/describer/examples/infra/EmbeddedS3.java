package io.describer.examples.infra;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server (S3Proxy) in this JVM, on 127.0.0.1 and a free port, with fixed credentials.
 * <p>
 * Objects live in memory ({@link #startTransient}) or under a directory ({@link #startFilesystem}, where they survive a
 * restart). S3Proxy's threads are not daemons: {@link #close()} must be called or the JVM never exits.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "describer";
    public static final String SECRET_KEY = "describer-secret";
    public static final String REGION = "us-east-1";

    private final BlobStore store;
    private final S3Proxy proxy;
    private final String endpoint;
    private final S3Client client;

    private EmbeddedS3(BlobStore store, int port, String... buckets) throws Exception {
        this.store = store;
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            awaitStarted();
            endpoint = "http://127.0.0.1:" + proxy.getPort();
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint))
                    .forcePathStyle(true)
                    .region(Region.of(REGION))
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
            for (String bucket : buckets) {
                createBucket(bucket);
            }
        } catch (Exception e) {
            stopQuietly();
            throw e;
        }
    }

    /** Starts a server on a free port keeping objects in memory, with the given buckets. */
    public static EmbeddedS3 startTransient(String... buckets) throws Exception {
        return start(null, 0, buckets);
    }

    /** Starts a server on a free port keeping objects under {@code dir}; existing buckets and objects are kept. */
    public static EmbeddedS3 startFilesystem(Path dir, String... buckets) throws Exception {
        return start(dir, 0, buckets);
    }

    /**
     * Starts a server on {@code port} (0: any free one) keeping objects under {@code dir} (one sub-directory per bucket),
     * or in memory when {@code dir} is null.
     */
    public static EmbeddedS3 start(Path dir, int port, String... buckets) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        if (dir == null) {
            return new EmbeddedS3(BlobStores.create("transient", props), port, buckets);
        }
        Files.createDirectories(dir);
        props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        return new EmbeddedS3(BlobStores.create("filesystem", props), port, buckets);
    }

    // start() returns before Jetty has bound its port
    private void awaitStarted() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IOException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
    }

    /** Creates a bucket unless it exists. */
    public void createBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        return endpoint;
    }

    public int port() {
        return proxy.getPort();
    }

    /** A path-style AWS SDK client bound to this server; closed by {@link #close()}. */
    public S3Client client() {
        return client;
    }

    /** The aws2-s3 endpoint URI of a bucket on this server, with {@code extraOptions} (e.g. "deleteAfterRead=false") appended. */
    public String camelUri(String bucket, String extraOptions) {
        String uri = "aws2-s3://" + bucket + "?"
                + String.join(
                        "&",
                        "accessKey=" + ACCESS_KEY,
                        "secretKey=" + SECRET_KEY,
                        "region=" + REGION,
                        "overrideEndpoint=true",
                        "uriEndpointOverride=" + endpoint,
                        "forcePathStyle=true");
        return extraOptions == null || extraOptions.isEmpty() ? uri : uri + "&" + extraOptions;
    }

    /** The connection settings as the pipelines' properties ({@code s3.endpoint}, {@code s3.access-key}, ...). */
    public Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("s3.endpoint", endpoint);
        props.put("s3.access-key", ACCESS_KEY);
        props.put("s3.secret-key", SECRET_KEY);
        props.put("s3.region", REGION);
        return props;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping is best effort; nothing useful to do with a failure here
        } finally {
            store.close();
        }
    }
}
