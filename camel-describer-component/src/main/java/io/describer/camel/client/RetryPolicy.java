package io.describer.camel.client;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's own bounded retry (the JDK HTTP client retries nothing by itself here). Retried: 429 rate, concurrency
 * and queue limits (after {@code retry_after}, capped), 409 {@code upload_not_ready}, 5xx and I/O errors (exponential
 * backoff with jitter, capped). Everything else is thrown at once. A call whose one-shot body was already consumed is
 * never repeated.
 */
public final class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    /** Sees every retry before its wait, e.g. to count retries in metrics; optionally every attempt and failure. */
    @FunctionalInterface
    public interface Listener {
        void onRetry(String operation, int nextAttempt, int maxAttempts, IOException cause, Duration delay);

        /** Before each attempt (1 = the first), e.g. to count calls. */
        default void onAttempt(String operation, int attempt) {}

        /** After each failed attempt, retried or not, e.g. to count 429 answers. */
        default void onFailure(String operation, int attempt, IOException cause) {}
    }

    /** One attempt of a call. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Listener listener;
    /** Shared by every client of a component; null for none. */
    private final ApiRateLimiter rateLimiter;
    /** The team's own pauses (429 rate_limit_exceeded), apart from the shared ceiling; null: they pause the ceiling. */
    private final ApiRateLimiter teamLimiter;

    private final boolean holdBack;

    /**
     * @param jitter a source of values in [0, 1]; a backoff step {@code b} becomes {@code b/2 + jitter*b/2}
     */
    public RetryPolicy(
            int maxRetries,
            Duration initialBackoff,
            Duration maxDelay,
            Sleeper sleeper,
            DoubleSupplier jitter,
            Listener listener) {
        this(maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, null, null, false);
    }

    private RetryPolicy(
            int maxRetries,
            Duration initialBackoff,
            Duration maxDelay,
            Sleeper sleeper,
            DoubleSupplier jitter,
            Listener listener,
            ApiRateLimiter rateLimiter,
            ApiRateLimiter teamLimiter,
            boolean holdBack) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        this.maxRetries = maxRetries;
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.listener = listener;
        this.rateLimiter = rateLimiter;
        this.teamLimiter = teamLimiter;
        this.holdBack = holdBack;
    }

    public static RetryPolicy of(ClientSettings settings) {
        return of(settings, Sleeper.SYSTEM);
    }

    public static RetryPolicy of(ClientSettings settings, Sleeper sleeper) {
        return new RetryPolicy(
                settings.maxRetries(),
                settings.initialBackoff(),
                settings.maxRetryDelay(),
                sleeper,
                () -> ThreadLocalRandom.current().nextDouble(),
                null);
    }

    public RetryPolicy withJitter(DoubleSupplier jitter) {
        return new RetryPolicy(
                maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, rateLimiter, teamLimiter, holdBack);
    }

    public RetryPolicy withListener(Listener listener) {
        return new RetryPolicy(
                maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, rateLimiter, teamLimiter, holdBack);
    }

    /**
     * Every attempt of an API call first waits for {@code limiter}, and a 429 {@code rate_limit_exceeded} pauses it
     * for all its users. Signed-URL transfers (storage, not the API) are not counted.
     */
    public RetryPolicy withRateLimiter(ApiRateLimiter limiter) {
        return new RetryPolicy(
                maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, limiter, teamLimiter, holdBack);
    }

    public ApiRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * Limits are per team (API.md §8): a 429 {@code rate_limit_exceeded} pauses {@code team} only, so calls with
     * other teams' keys go on; every API call waits for {@code team}'s pause, then for the shared ceiling.
     */
    public RetryPolicy withTeamLimiter(ApiRateLimiter team) {
        return new RetryPolicy(
                maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, rateLimiter, team, holdBack);
    }

    public ApiRateLimiter teamLimiter() {
        return teamLimiter;
    }

    /**
     * Job starts refused for the queue or concurrency limit are thrown at once instead of slept on: the caller holds
     * its source back (back-pressure) and no thread waits minutes for a queue to drain.
     */
    public RetryPolicy holdingBack() {
        return new RetryPolicy(
                maxRetries, initialBackoff, maxDelay, sleeper, jitter, listener, rateLimiter, teamLimiter, true);
    }

    /** 429 {@code queue_limit_exceeded} or {@code concurrency_limit_exceeded}: the plan's limits, not the call rate. */
    public static boolean isBackPressure(IOException e) {
        return e instanceof DescriberRateLimitException r
                && (r.isQueueFull() || DescriberRateLimitException.CONCURRENCY_LIMIT_EXCEEDED.equals(r.getCode()));
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public <T> T execute(String operation, Call<T> call) throws IOException {
        return execute(operation, () -> true, call);
    }

    /**
     * Runs {@code call}, retrying per the policy.
     *
     * @param canRepeat false once the request body cannot be sent again (a consumed one-shot stream)
     */
    public <T> T execute(String operation, BooleanSupplier canRepeat, Call<T> call) throws IOException {
        int maxAttempts = maxRetries + 1;
        boolean apiCall = isApiCall(operation);
        boolean limited = rateLimiter != null && apiCall;
        ApiRateLimiter pauses = teamLimiter != null ? teamLimiter : rateLimiter;
        for (int attempt = 1; ; attempt++) {
            try {
                if (teamLimiter != null && apiCall) {
                    teamLimiter.acquire();
                }
                if (limited) {
                    rateLimiter.acquire();
                }
                if (listener != null) {
                    listener.onAttempt(operation, attempt);
                }
                return call.call();
            } catch (IOException e) {
                if (listener != null) {
                    listener.onFailure(operation, attempt, e);
                }
                boolean paused = pauses != null && apiCall && pauseAll(pauses, e, attempt);
                Duration delay = attempt < maxAttempts ? delayBeforeRetry(e, attempt) : null;
                if (delay == null || !canRepeat.getAsBoolean()) {
                    throw e;
                }
                if (holdBack && startsJob(operation) && isBackPressure(e)) {
                    throw e;
                }
                if (startsJob(operation) && !certainlyNotApplied(e)) {
                    LOG.warn(
                            "Not retrying {} after {}: the service may have started the job already, and a second call"
                                    + " could start and bill it twice",
                            operation,
                            describe(e));
                    throw e;
                }
                LOG.info(
                        "Retrying {} after {} in {} ms (attempt {} of {})",
                        operation,
                        describe(e),
                        delay.toMillis(),
                        attempt + 1,
                        maxAttempts);
                if (listener != null) {
                    listener.onRetry(operation, attempt + 1, maxAttempts, e, delay);
                }
                if (!paused) {
                    // after a rate-limit pause the next acquire() waits, with everybody else
                    pause(delay);
                }
            }
        }
    }

    /**
     * The wait before retry number {@code retry} (1 = first retry) after {@code error}, or null when the error is
     * terminal.
     */
    public Duration delayBeforeRetry(IOException error, int retry) {
        if (error instanceof DescriberException de) {
            if (!de.isRetryable()) {
                return null;
            }
            // the service said how long: honour it (capped) without jitter
            return de.getRetryAfter() != null ? cap(de.getRetryAfter()) : backoff(retry);
        }
        return isTransient(error) ? backoff(retry) : null;
    }

    /** Exponential: initial * 2^(retry-1), capped, with "equal jitter" so clients that failed together spread out. */
    Duration backoff(int retry) {
        long initial = initialBackoff.toMillis();
        long base = initial << Math.min(Math.max(retry - 1, 0), 30);
        if (base < initial) {
            base = Long.MAX_VALUE;
        }
        base = Math.min(base, maxDelay.toMillis());
        double j = Math.min(1d, Math.max(0d, jitter.getAsDouble()));
        return Duration.ofMillis(base / 2 + Math.round(j * (base - base / 2)));
    }

    private Duration cap(Duration d) {
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /**
     * The service's answer that the team calls too often holds every caller of the limiter, not only this one, for its
     * {@code retry_after} (capped), or the backoff when it gives none.
     */
    private boolean pauseAll(ApiRateLimiter limiter, IOException e, int attempt) {
        if (e instanceof DescriberRateLimitException rl
                && DescriberRateLimitException.RATE_LIMIT_EXCEEDED.equals(rl.getCode())) {
            limiter.pause(rl.getRetryAfter() != null ? cap(rl.getRetryAfter()) : backoff(attempt));
            return true;
        }
        return false;
    }

    /** API calls carry the key and count against the team's rate; signed-URL transfers go to storage. */
    static boolean isApiCall(String operation) {
        return !operation.equals("signed_upload") && !operation.equals("download");
    }

    /** Calls that create a billed job: the API has no idempotency key, so a blind repeat can create a second one. */
    static boolean startsJob(String operation) {
        return ApiErrors.startsJob(operation);
    }

    /** Failures after which the service surely did nothing (see {@link ApiErrors#mayHaveStartedJob}). */
    static boolean certainlyNotApplied(IOException e) {
        return !ApiErrors.mayHaveStartedJob(e);
    }

    /** Network-level failures; missing files, interrupts and our own failures are not worth repeating. */
    private static boolean isTransient(IOException e) {
        if (Thread.currentThread().isInterrupted() || e.getClass() == InterruptedIOException.class) {
            return false;
        }
        return !(e instanceof FileSystemException || e instanceof FileNotFoundException);
    }

    private void pause(Duration delay) throws InterruptedIOException {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof DescriberException de) {
            return de.getStatus() + " " + de.getCode();
        }
        return "I/O error (" + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")
                + ")";
    }
}
