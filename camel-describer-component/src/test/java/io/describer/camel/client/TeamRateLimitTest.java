package io.describer.camel.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits are per team: one team's 429 rate_limit_exceeded pauses its own calls, not the shared ceiling or others. */
class TeamRateLimitTest {

    @Test
    void aRateLimitOfOneTeamPausesOnlyThatTeam() throws Exception {
        ApiRateLimiter ceiling = ApiRateLimiter.perSecond(1000);
        ApiRateLimiter teamA = ApiRateLimiter.perSecond(0);
        ApiRateLimiter teamB = ApiRateLimiter.perSecond(0);
        RetryPolicy base = new RetryPolicy(0, Duration.ofMillis(10), Duration.ofSeconds(30), d -> {}, () -> 0.5, null)
                .withRateLimiter(ceiling);
        RetryPolicy a = base.withTeamLimiter(teamA);
        RetryPolicy b = base.withTeamLimiter(teamB);

        assertThatThrownBy(() -> a.execute("get_results", () -> {
                    throw new DescriberRateLimitException(
                            DescriberRateLimitException.RATE_LIMIT_EXCEEDED, "slow down", Duration.ofSeconds(20));
                }))
                .isInstanceOf(DescriberRateLimitException.class);

        assertThat(teamA.pausedFor()).isGreaterThan(Duration.ofSeconds(15));
        assertThat(teamB.pausedFor()).isZero();
        assertThat(ceiling.pausedFor()).isZero();
        // B's calls go at once while A waits
        assertThat(b.execute("get_results", () -> "ok")).isEqualTo("ok");
        assertThat(teamB.granted()).isEqualTo(1);
    }

    @Test
    void withoutTeamLimitersA429PausesTheSharedLimiterAsBefore() {
        ApiRateLimiter ceiling = ApiRateLimiter.perSecond(0);
        RetryPolicy p = new RetryPolicy(0, Duration.ofMillis(10), Duration.ofSeconds(30), d -> {}, () -> 0.5, null)
                .withRateLimiter(ceiling);
        assertThatThrownBy(() -> p.execute("get_results", () -> {
            throw new DescriberRateLimitException(
                    DescriberRateLimitException.RATE_LIMIT_EXCEEDED, "slow down", Duration.ofSeconds(20));
        }));
        assertThat(ceiling.pausedFor()).isGreaterThan(Duration.ofSeconds(15));
    }
}
