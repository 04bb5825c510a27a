package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Ingests {@code input.url}: downloads it to disk (streamed, capped at the plan's file size). http(s) always;
 * {@code file:} only when {@link SandboxSettings#allowFileUrls()} says so, since it reads the sandbox's own disk.
 */
final class MediaFetcher {

    private final SandboxSettings settings;
    private final MediaStore store;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    MediaFetcher(SandboxSettings settings, MediaStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** Fetches and registers; 400 when the URL cannot be read, 403 {@code file_too_large}, 415, ... as uploads. */
    MediaStore.Registration fetchAndRegister(String url, String filename) throws IOException {
        URI uri = parse(url);
        String name = filename != null && !filename.isBlank() ? filename : lastSegment(uri);
        long limit = settings.maxFileSizeBytes();
        StoredFile received;
        try (InputStream in = open(uri, limit)) {
            received = store.receive(in, limit);
        } catch (StoredFile.TooLarge e) {
            throw ApiException.fileTooLarge(limit);
        }
        return store.register(received, name);
    }

    private InputStream open(URI uri, long limit) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (scheme.equals("file")) {
            if (!settings.allowFileUrls()) {
                throw ApiException.invalidField("input.url", "file: URLs are not allowed (public http(s) URLs only)");
            }
            try {
                Path path = Path.of(uri);
                if (Files.size(path) > limit) {
                    throw ApiException.fileTooLarge(limit);
                }
                return Files.newInputStream(path);
            } catch (NoSuchFileException e) {
                throw ApiException.badRequest("Could not fetch input.url: no such file " + uri.getPath());
            }
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalidField("input.url", "unsupported URL scheme '" + scheme + "'");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofMinutes(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (IOException e) {
            throw ApiException.badRequest("Could not fetch input.url: " + e);
        }
        if (response.statusCode() / 100 != 2) {
            response.body().close();
            throw ApiException.badRequest("Could not fetch input.url: HTTP " + response.statusCode());
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limit) {
            response.body().close();
            throw ApiException.fileTooLarge(limit);
        }
        return response.body();
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null) {
                throw ApiException.invalidField("input.url", "'" + url + "' is not an absolute URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("input.url", "'" + url + "' is not a valid URL");
        }
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "video.mp4";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
