package io.describer.examples.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** The parts of one running sandbox, shared by its HTTP handlers. */
final class Sandbox {

    final SandboxSettings settings;
    final MediaStore media;
    final MediaFetcher fetcher;
    final SignedUrls urls;
    final SandboxJobEngine jobs;
    final FaultInjector faults = new FaultInjector();
    final SandboxRateLimiter rateLimiter;
    final SandboxStats stats = new SandboxStats();
    /** Submissions being validated right now (for 429 {@code concurrency_limit_exceeded}). */
    final java.util.concurrent.atomic.AtomicInteger validating = new java.util.concurrent.atomic.AtomicInteger();

    private volatile String baseUrl;

    Sandbox(SandboxSettings settings, Path dataDir) throws IOException {
        this.settings = settings;
        this.media = new MediaStore(settings, dataDir);
        this.fetcher = new MediaFetcher(settings, media);
        this.urls = new SignedUrls();
        this.jobs = new SandboxJobEngine(settings, urls, dataDir, stats);
        this.rateLimiter = new SandboxRateLimiter(settings);
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    Instant now() {
        return settings.clock().instant();
    }

    /** 403 {@code feature_not_available} when the plan (settings) denies the feature. */
    void requireFeature(boolean used, String feature) {
        if (used && settings.deniedFeatures().contains(feature)) {
            throw ApiException.featureNotAvailable(feature, settings.planName());
        }
    }
}
