package io.describer.camel.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.describer.camel.job.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The component-wide call ceiling and the pause a 429 rate_limit_exceeded puts on every caller, on a test clock. */
class ApiRateLimiterTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Single caller: each wait moves the test clock on by exactly what was asked. */
    private final Sleeper advancing = d -> clock.advance(d);

    /** Many callers: each waits until the test moves the clock past its slot. */
    private final Sleeper untilClockPasses = d -> {
        Instant target = clock.instant().plus(d);
        while (clock.instant().isBefore(target)) {
            Thread.sleep(1);
        }
    };

    @Test
    void noWindowSeesMoreCallsThanTheCeilingAndItsBurst() throws Exception {
        ApiRateLimiter limiter = new ApiRateLimiter(100, clock, advancing);
        Instant start = clock.instant();
        List<Instant> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            limiter.acquire();
            calls.add(clock.instant());
        }
        // burst = a tenth of a second's worth = 10 calls
        for (int i = 0; i < calls.size(); i++) {
            Instant windowEnd = calls.get(i).plusSeconds(1);
            long inWindow = calls.stream()
                    .filter(t -> !t.isBefore(windowEnd.minusSeconds(1)) && t.isBefore(windowEnd))
                    .count();
            assertThat(inWindow).as("calls in the second from call %d", i).isLessThanOrEqualTo(110);
        }
        // and the ceiling is a ceiling, not a brake: 1,000 calls take (1000 - burst) / 100 s
        assertThat(Duration.between(start, calls.get(calls.size() - 1))).isEqualTo(Duration.ofMillis(9900));
        assertThat(limiter.granted()).isEqualTo(1000);
    }

    @Test
    void aPauseHoldsEveryCallerIncludingThoseAlreadyWaitingForASlot() throws Exception {
        ApiRateLimiter limiter = new ApiRateLimiter(1, clock, untilClockPasses);
        limiter.acquire(); // the burst of one is used up: the next slots are 1, 2, 3 and 4 s away
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            threads.execute(() -> {
                started.countDown();
                try {
                    limiter.acquire();
                    done.countDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        // one caller got a 429: everybody waits 30 s, also those whose slots come sooner
        limiter.pause(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        Thread.sleep(200);
        assertThat(limiter.granted()).isEqualTo(1);
        assertThat(limiter.pausedFor()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        Thread.sleep(200);
        assertThat(limiter.granted())
                .as("the bucket starts empty after a pause")
                .isEqualTo(1);
        // then they go at the ceiling, one a second, not all at once
        for (int second = 1; second <= 4; second++) {
            clock.advance(Duration.ofSeconds(1));
            long expected = 1 + second;
            await().atMost(5, TimeUnit.SECONDS).until(() -> limiter.granted() >= expected);
            Thread.sleep(100);
            assertThat(limiter.granted()).isEqualTo(expected);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutACeilingOnlyPausesHoldCallers() throws Exception {
        ApiRateLimiter limiter = new ApiRateLimiter(0, clock, untilClockPasses);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire();
        }
        limiter.pause(Duration.ofSeconds(2));
        limiter.pause(Duration.ofMillis(500)); // a shorter pause never cuts a longer one short
        CountDownLatch done = new CountDownLatch(1);
        threads.execute(() -> {
            try {
                limiter.acquire();
                done.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        clock.advance(Duration.ofMillis(1500));
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
