package io.describer.examples.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Configuration of a {@link SandboxServer}. Fluent: {@code new SandboxSettings().port(0).queuedDelay(Duration.ofMillis(20))}.
 * Each setter has a same-named getter. A running sandbox reads these on every request, so they may be changed live. The defaults suit a demo (jobs finish in about 4 s, uploads verify in 2 s);
 * tests shrink the timers to tens of milliseconds.
 */
public final class SandboxSettings {

    /** The API key every sandbox accepts unless {@link #apiKeys(Collection)} replaces the list. */
    public static final String DEFAULT_API_KEY = "vsk_sandbox";

    public static final long MIB = 1024L * 1024L;

    private volatile String host = "127.0.0.1";
    private volatile int port;
    private volatile Path dataDir;
    private final Set<String> apiKeys = new CopyOnWriteArraySet<>(Set.of(DEFAULT_API_KEY));
    private volatile boolean acceptAnyVskKey;
    private volatile String teamId = "team_sandbox";
    private volatile String planName = "Sandbox";
    private final Set<String> deniedFeatures = new CopyOnWriteArraySet<>();
    private volatile boolean allowFileUrls;
    private volatile long multipartCapBytes = 32 * MIB;
    private volatile long maxFileSizeBytes = 10L * 1024 * MIB;
    private volatile double maxDurationSeconds = 4 * 3600;
    private volatile double unknownDurationSeconds = 10;
    private volatile Duration verificationDelay = Duration.ofSeconds(2);
    private volatile Duration queuedDelay = Duration.ofSeconds(1);
    private volatile Duration processingDelay = Duration.ofSeconds(3);
    private volatile Duration signedUrlTtl = Duration.ofMinutes(15);
    private volatile Duration uploadUrlTtl = Duration.ofHours(1);
    private volatile int rateLimit = 50;
    private volatile Duration rateWindow = Duration.ofSeconds(1);
    private volatile int maxQueuedJobs = 100;
    private volatile int concurrencyLimit;
    private volatile int maxConcurrentSubmissions;
    private volatile Duration validationDelay = Duration.ZERO;
    private volatile boolean dedupe = true;
    private volatile Clock clock = Clock.systemUTC();

    /** Interface to bind; the sandbox is a local tool, so loopback by default. */
    public SandboxSettings host(String host) {
        this.host = host;
        return this;
    }

    public String host() {
        return host;
    }

    /** TCP port; 0 picks a free ephemeral port (see {@link SandboxServer#baseUrl()}). */
    public SandboxSettings port(int port) {
        this.port = port;
        return this;
    }

    public int port() {
        return port;
    }

    /** Where uploads and outputs are written; null = a temporary folder deleted on {@link SandboxServer#close()}. */
    public SandboxSettings dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Replaces the accepted {@code X-API-Key} values. */
    public SandboxSettings apiKeys(Collection<String> keys) {
        apiKeys.clear();
        apiKeys.addAll(keys);
        return this;
    }

    /** Adds one accepted {@code X-API-Key} value to the list (which starts with {@value #DEFAULT_API_KEY}). */
    public SandboxSettings addApiKey(String key) {
        apiKeys.add(key);
        return this;
    }

    public Set<String> apiKeys() {
        return Collections.unmodifiableSet(apiKeys);
    }

    /** Accept any key that starts with {@code vsk_} (handy when a pipeline is configured with a real-looking key). */
    public SandboxSettings acceptAnyVskKey(boolean accept) {
        this.acceptAnyVskKey = accept;
        return this;
    }

    public boolean acceptAnyVskKey() {
        return acceptAnyVskKey;
    }

    /** Team name used in {@code gcs_path} ({@code users/<team>/videos/<file>}). */
    public SandboxSettings teamId(String teamId) {
        this.teamId = teamId;
        return this;
    }

    public String teamId() {
        return teamId;
    }

    /** Plan name reported in 403 {@code feature_not_available} bodies. */
    public SandboxSettings planName(String planName) {
        this.planName = planName;
        return this;
    }

    public String planName() {
        return planName;
    }

    /**
     * Plan features to refuse with 403 {@code feature_not_available}, named as in API.md §7.3, e.g.
     * {@code allow_api_ad_video_generation}, {@code allow_url_input}, {@code allow_custom_instructions}.
     */
    public SandboxSettings denyFeature(String feature) {
        deniedFeatures.add(feature);
        return this;
    }

    /** Allows a feature again. */
    public SandboxSettings allowFeature(String feature) {
        deniedFeatures.remove(feature);
        return this;
    }

    public Set<String> deniedFeatures() {
        return Collections.unmodifiableSet(deniedFeatures);
    }

    /** Whether {@code input.url} may be a {@code file:} URL (off by default: it reads local files). */
    public SandboxSettings allowFileUrls(boolean allow) {
        this.allowFileUrls = allow;
        return this;
    }

    public boolean allowFileUrls() {
        return allowFileUrls;
    }

    /** Largest multipart {@code file} part; over it the sandbox answers 400 (use the signed flow). */
    public SandboxSettings multipartCapBytes(long bytes) {
        this.multipartCapBytes = bytes;
        return this;
    }

    public long multipartCapBytes() {
        return multipartCapBytes;
    }

    /** Plan's largest media file, in every upload mode; over it: 403 {@code file_too_large}. */
    public SandboxSettings maxFileSizeBytes(long bytes) {
        this.maxFileSizeBytes = bytes;
        return this;
    }

    public long maxFileSizeBytes() {
        return maxFileSizeBytes;
    }

    /** Plan's longest video; over it: 403 {@code video_too_long}. */
    public SandboxSettings maxDurationSeconds(double seconds) {
        this.maxDurationSeconds = seconds;
        return this;
    }

    public double maxDurationSeconds() {
        return maxDurationSeconds;
    }

    /** Duration assumed for videos whose container is recognised but not measured (Matroska/WebM, AVI, MPEG-TS). */
    public SandboxSettings unknownDurationSeconds(double seconds) {
        this.unknownDurationSeconds = seconds;
        return this;
    }

    public double unknownDurationSeconds() {
        return unknownDurationSeconds;
    }

    /** How long {@code get_upload_status} stays {@code processing} after {@code notify_upload_complete}. */
    public SandboxSettings verificationDelay(Duration delay) {
        this.verificationDelay = delay;
        return this;
    }

    public Duration verificationDelay() {
        return verificationDelay;
    }

    /** Least time a job stays {@code queued} (longer while the team's processing slots are busy). */
    public SandboxSettings queuedDelay(Duration delay) {
        this.queuedDelay = delay;
        return this;
    }

    public Duration queuedDelay() {
        return queuedDelay;
    }

    /** Time a job stays {@code processing} before it is {@code done} (or {@code failed}). */
    public SandboxSettings processingDelay(Duration delay) {
        this.processingDelay = delay;
        return this;
    }

    public Duration processingDelay() {
        return processingDelay;
    }

    /** Lifetime of the download URLs minted by {@code get_results} (the real service: 15 minutes). */
    public SandboxSettings signedUrlTtl(Duration ttl) {
        this.signedUrlTtl = ttl;
        return this;
    }

    public Duration signedUrlTtl() {
        return signedUrlTtl;
    }

    /** Lifetime of the PUT {@code upload_url} of the signed flow (undocumented upstream). */
    public SandboxSettings uploadUrlTtl(Duration ttl) {
        this.uploadUrlTtl = ttl;
        return this;
    }

    public Duration uploadUrlTtl() {
        return uploadUrlTtl;
    }

    /**
     * API calls allowed per {@link #rateWindow(Duration)} for the team (all keys together, as upstream); above it: 429
     * {@code rate_limit_exceeded} with {@code retry_after}. 0 or less disables the limit.
     */
    public SandboxSettings rateLimit(int requests) {
        this.rateLimit = requests;
        return this;
    }

    public int rateLimit() {
        return rateLimit;
    }

    public SandboxSettings rateWindow(Duration window) {
        this.rateWindow = window;
        return this;
    }

    public Duration rateWindow() {
        return rateWindow;
    }

    /**
     * The team's queue limit: jobs that may be queued or processing at once; a generate call above it gets 429
     * {@code queue_limit_exceeded}. 0 or less disables the limit.
     */
    public SandboxSettings maxQueuedJobs(int jobs) {
        this.maxQueuedJobs = jobs;
        return this;
    }

    public int maxQueuedJobs() {
        return maxQueuedJobs;
    }

    /**
     * Jobs the team's plan processes at once; the others wait {@code queued}, first come first served, and each job
     * still waits at least {@link #queuedDelay(Duration)}. 0 (the default) processes every job at once.
     */
    public SandboxSettings concurrencyLimit(int jobs) {
        this.concurrencyLimit = jobs;
        return this;
    }

    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    /**
     * Job starts (generate calls) validated at once; a call above it gets 429 {@code concurrency_limit_exceeded} with
     * {@code retry_after} 1. 0 (the default) disables the limit.
     */
    public SandboxSettings maxConcurrentSubmissions(int calls) {
        this.maxConcurrentSubmissions = calls;
        return this;
    }

    public int maxConcurrentSubmissions() {
        return maxConcurrentSubmissions;
    }

    /** How long validating a job start takes (the generate call answers after it); zero by default. */
    public SandboxSettings validationDelay(Duration delay) {
        this.validationDelay = delay;
        return this;
    }

    public Duration validationDelay() {
        return validationDelay;
    }

    /** Identical bytes uploaded twice give the first {@code media_id} back with status {@code existing}. */
    public SandboxSettings dedupe(boolean dedupe) {
        this.dedupe = dedupe;
        return this;
    }

    public boolean dedupe() {
        return dedupe;
    }

    /** Clock behind every timer (jobs, verification, URL expiry, rate limit). */
    public SandboxSettings clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Clock clock() {
        return clock;
    }

    /** Settings for fast tests: timers of a few tens of milliseconds, no rate limit. */
    public static SandboxSettings fastForTests() {
        return new SandboxSettings()
                .verificationDelay(Duration.ofMillis(60))
                .queuedDelay(Duration.ofMillis(20))
                .processingDelay(Duration.ofMillis(40))
                .rateLimit(0);
    }
}
