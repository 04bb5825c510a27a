package io.describer.camel;

import java.time.Duration;
import java.time.Instant;

import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.job.TestClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pause of a tenant out of credits, on a test clock: per tenant, one start let through per recheck interval. */
class DescriberTenantsPlanLimitTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DescriberTenants tenants = new DescriberTenants(clock);

    private static DescriberRateLimitException planLimit() {
        return new DescriberRateLimitException(
                DescriberRateLimitException.PLAN_LIMIT_EXCEEDED, "Credits exhausted", null);
    }

    @Test
    void afterTheDocumentedIntervalExactlyOneStartAsksAgain() throws Exception {
        assertThat(tenants.getPlanLimitRecheck()).isEqualTo(Duration.ofMinutes(5));
        tenants.startAnswered("acme", planLimit());

        assertThatThrownBy(() -> tenants.checkPlanLimit("acme"))
                .isInstanceOf(DescriberTenantException.class)
                .hasMessageContaining("'acme'")
                .hasMessageContaining("2026-01-01T00:05:00Z");
        assertThatCode(() -> tenants.checkPlanLimit("globex")).doesNotThrowAnyException();
        assertThatCode(() -> tenants.checkPlanLimit(null)).doesNotThrowAnyException();

        clock.advance(Duration.ofMinutes(5));
        // the pre-check lets it pass without taking the one start; the start itself takes it
        tenants.failIfPlanLimited("acme");
        tenants.checkPlanLimit("acme");
        assertThatThrownBy(() -> tenants.checkPlanLimit("acme")).isInstanceOf(DescriberTenantException.class);
        assertThatThrownBy(() -> tenants.failIfPlanLimited("acme")).isInstanceOf(DescriberTenantException.class);

        // the start that asked was accepted: credits are back
        tenants.startAnswered("acme", null);
        tenants.checkPlanLimit("acme");
        tenants.checkPlanLimit("acme");
        assertThat(tenants.get("acme").planLimitedUntil()).isNull();
    }

    @Test
    void otherFailuresNeitherPauseNorResume() throws Exception {
        tenants.startAnswered("acme", new DescriberRateLimitException("queue_limit_exceeded", "full", null));
        tenants.checkPlanLimit("acme");
        tenants.startAnswered("acme", planLimit());
        tenants.startAnswered("acme", new java.io.IOException("connection reset"));
        assertThatThrownBy(() -> tenants.checkPlanLimit("acme")).isInstanceOf(DescriberTenantException.class);
        assertThat(tenants.clearPlanLimit("acme")).isTrue();
        assertThat(tenants.clearPlanLimit("acme")).isFalse();
        tenants.checkPlanLimit("acme");
    }
}
