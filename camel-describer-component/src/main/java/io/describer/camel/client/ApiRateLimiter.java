package io.describer.camel.client;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ceiling of API calls per second for everything that shares it (all endpoints of a component), as a token bucket
 * on an injected clock: at most {@code burst + callsPerSecond * t} calls start in any window of {@code t} seconds, the
 * burst being a tenth of a second's worth. A {@link #pause} (the service answered 429 {@code rate_limit_exceeded} to
 * any caller) holds every caller until its {@code retry_after} is over, then lets them go at the ceiling again, not
 * all at once.
 *
 * <p>Callers take a place in line ({@link #acquire}): each reserves the next free slot and waits until it, so waiting
 * threads neither spin nor race each other. Written here rather than taken from resilience4j: its limiters read
 * {@code System.nanoTime} (no clock to test against) and have no "hold everybody until" operation.
 */
public final class ApiRateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRateLimiter.class);

    /** Waits without a floor of one millisecond, unlike {@link Sleeper#SYSTEM}: slots are often sub-millisecond. */
    private static final Sleeper PARK = d -> {
        LockSupport.parkNanos(d.toNanos());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    };

    private final Clock clock;
    private final Sleeper sleeper;
    /** Calls per nanosecond; 0 = no ceiling (pauses still apply). */
    private final double ratePerNano;

    private final double burst;
    private final AtomicLong granted = new AtomicLong();

    // guarded by this
    private double tokens;
    private long refilledAt;
    private long pausedUntil;
    private long pauses;

    /**
     * @param callsPerSecond the ceiling; 0 or less for none (only 429 pauses then)
     */
    public ApiRateLimiter(double callsPerSecond, Clock clock, Sleeper sleeper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.ratePerNano = callsPerSecond > 0 ? callsPerSecond / 1e9 : 0;
        this.burst = callsPerSecond > 0 ? Math.max(1, callsPerSecond / 10) : 0;
        this.tokens = burst;
        this.refilledAt = nanos();
    }

    /** The ceiling on the system clock, waiting by parking the thread. */
    public static ApiRateLimiter perSecond(double callsPerSecond) {
        return new ApiRateLimiter(callsPerSecond, Clock.systemUTC(), PARK);
    }

    /** Waits for this caller's turn: the end of any pause, then a free slot under the ceiling. */
    public void acquire() throws InterruptedIOException {
        long[] slot = reserve();
        try {
            while (true) {
                long wait = slot[0] - nanos();
                if (wait > 0) {
                    // also after an early wake-up: the slot, not the sleep, says when to go
                    sleeper.sleep(Duration.ofNanos(wait));
                    continue;
                }
                long[] again = afterWait(slot[1]);
                if (again == null) {
                    granted.incrementAndGet();
                    return;
                }
                slot = again;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for the API rate limit");
        }
    }

    /**
     * Holds every caller, also those already waiting for a slot, for {@code duration} from now; a longer pause in force
     * is kept. Afterwards the bucket starts empty, so callers resume at the ceiling rather than in one burst.
     */
    public void pause(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            return;
        }
        long until = nanos() + duration.toNanos();
        synchronized (this) {
            if (until <= pausedUntil) {
                return;
            }
            pausedUntil = until;
            pauses++;
            tokens = 0;
            refilledAt = until;
        }
        LOG.warn("The service limits the call rate: all API calls wait {} ms", duration.toMillis());
    }

    /** How long the current pause still lasts; zero when none. */
    public synchronized Duration pausedFor() {
        return Duration.ofNanos(Math.max(0, pausedUntil - nanos()));
    }

    /** Calls let through so far. */
    public long granted() {
        return granted.get();
    }

    /** The ceiling in calls per second, 0 for none. */
    public double callsPerSecond() {
        return ratePerNano * 1e9;
    }

    /** Takes the next slot: {when to go, in clock nanos; pause count when taken}. */
    private synchronized long[] reserve() {
        long start = Math.max(nanos(), pausedUntil);
        if (ratePerNano == 0) {
            return new long[] {start, pauses};
        }
        if (start > refilledAt) {
            tokens = Math.min(burst, tokens + (start - refilledAt) * ratePerNano);
            refilledAt = start;
        }
        tokens -= 1;
        long at = tokens >= 0 ? start : start + (long) Math.ceil(-tokens / ratePerNano);
        return new long[] {at, pauses};
    }

    /** Null when the caller may go; otherwise a new slot, because a pause began while it waited. */
    private synchronized long[] afterWait(long pausesWhenReserved) {
        if (pauses == pausesWhenReserved) {
            return null;
        }
        return reserve();
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
        return "ApiRateLimiter[" + (ratePerNano == 0 ? "no ceiling" : callsPerSecond() + " calls/s") + "]";
    }
}
