package io.describer.camel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.FileEntity;

/**
 * The transports the README's decision compares, as bare PUTs of a file (no retry, no progress): the JDK
 * {@link HttpClient} with {@code BodyPublishers.ofFile} (what the client used before) and with a 1 MiB-buffer
 * publisher, and Apache HttpClient 5 with its stock {@link FileEntity} and a 1 MiB-buffer entity.
 */
final class AlternativeTransports implements AutoCloseable {

    static final int BUFFER = 1024 * 1024;

    private final HttpClient jdk =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CloseableHttpClient hc5 =
            HttpClients.custom().disableAutomaticRetries().build();

    void jdkOfFile(String url, Path file) throws Exception {
        jdkPut(url, HttpRequest.BodyPublishers.ofFile(file));
    }

    void jdkLargeBuffers(String url, Path file) throws Exception {
        jdkPut(url, new LargeBufferPublisher(file));
    }

    void hc5FileEntity(String url, Path file) throws IOException {
        hc5Put(url, new FileEntity(file.toFile(), ContentType.create("video/mp4")));
    }

    void hc5LargeBuffers(String url, Path file) throws IOException {
        hc5Put(url, new AbstractHttpEntity(ContentType.create("video/mp4"), null) {
            @Override
            public InputStream getContent() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] buf = new byte[BUFFER];
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                    }
                }
            }

            @Override
            public boolean isStreaming() {
                return false;
            }

            @Override
            public long getContentLength() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public void close() {}
        });
    }

    private void jdkPut(String url, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> response = jdk.send(
                HttpRequest.newBuilder(URI.create(url))
                        .PUT(body)
                        .header("Content-Type", "video/mp4")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
    }

    private void hc5Put(String url, AbstractHttpEntity entity) throws IOException {
        HttpPut put = new HttpPut(url);
        put.setEntity(entity);
        int status = hc5.execute(put, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
        if (status != 200) {
            throw new IOException("HTTP " + status);
        }
    }

    @Override
    public void close() throws IOException {
        hc5.close();
    }

    /** Reads the file in 1 MiB buffers on the subscriber's demand. */
    static final class LargeBufferPublisher implements HttpRequest.BodyPublisher {
        private final Path file;

        LargeBufferPublisher(Path file) {
            this.file = file;
        }

        @Override
        public long contentLength() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    public void request(long n) {}

                    public void cancel() {}
                });
                subscriber.onError(e);
                return;
            }
            AtomicLong demand = new AtomicLong();
            AtomicBoolean draining = new AtomicBoolean();
            AtomicBoolean done = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                    // trampoline: onNext may call request again
                    while (!done.get() && demand.get() > 0 && draining.compareAndSet(false, true)) {
                        try {
                            while (!done.get() && demand.get() > 0) {
                                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                                int k = channel.read(buf);
                                if (k < 0) {
                                    done.set(true);
                                    channel.close();
                                    subscriber.onComplete();
                                    return;
                                }
                                buf.flip();
                                demand.decrementAndGet();
                                subscriber.onNext(buf);
                            }
                        } catch (IOException e) {
                            done.set(true);
                            subscriber.onError(e);
                        } finally {
                            draining.set(false);
                        }
                    }
                }

                @Override
                public void cancel() {
                    done.set(true);
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing to do
                    }
                }
            });
        }
    }
}
