package io.describer.examples.sandbox;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** 429 rate limiting with retry_after, and the fault-injection hook (Java API and the /sandbox/faults endpoint). */
class RateLimitAndFaultsTest extends SandboxTestSupport {

    @Test
    void exceedingTheRateIs429WithRetryAfter() {
        sandbox.settings().rateLimit(3).rateWindow(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertThat(get("get_results?job_id=task_x").status()).isEqualTo(404);
        }
        Resp limited = get("get_results?job_id=task_x");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("error")).isEqualTo("rate_limit_exceeded");
        assertThat(limited.text("message")).isNotBlank();
        // one token comes back every 10 s
        assertThat(limited.json().path("retry_after").asLong()).isBetween(1L, 10L);
    }

    @Test
    void theBucketRefills() {
        sandbox.settings().rateLimit(2).rateWindow(Duration.ofMillis(200));
        get("get_results?job_id=a");
        get("get_results?job_id=b");
        assertThat(get("get_results?job_id=c").status()).isEqualTo(429);
        sleep(150);
        assertThat(get("get_results?job_id=d").status()).isEqualTo(404);
    }

    @Test
    void injectedFaultsAnswerTheNextCallsThenStop() {
        String media = uploadSample();
        sandbox.injectFault("generate_ad_text", 429, "concurrency_limit_exceeded", 2);

        for (int i = 0; i < 2; i++) {
            Resp r = postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)));
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.text("error")).isEqualTo("concurrency_limit_exceeded");
            assertThat(r.json().path("retry_after").asLong()).isEqualTo(1);
        }
        assertThat(postJson("generate_ad_text", map("input", map("type", "media_id", "media_id", media)))
                        .status())
                .isEqualTo(200);
        // other endpoints were never affected
        assertThat(postJson("generate_ad_video", map("input", map("type", "media_id", "media_id", media)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void faultsUseTheDocumentedBodyShapes() {
        sandbox.injectFault("get_results", 409, "upload_not_ready", 1);
        sandbox.injectFault("get_results", 500, null, 1);
        sandbox.injectFault("get_results", 429, "plan_limit_exceeded", "Out of credits", null, 1);
        sandbox.injectFault("*", 503, "service_unavailable", 1);

        Resp conflict = get("get_results?job_id=x");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("code")).isEqualTo("upload_not_ready");
        assertThat(conflict.text("upload_status")).isEqualTo("processing");
        Resp error = get("get_results?job_id=x");
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.text("error")).isEqualTo("internal_error");
        Resp credits = get("get_results?job_id=x");
        assertThat(credits.text("error")).isEqualTo("plan_limit_exceeded");
        assertThat(credits.text("message")).isEqualTo("Out of credits");
        assertThat(credits.json().has("retry_after")).isFalse();
        Resp any = get("get_upload_status?media_id=x");
        assertThat(any.status()).isEqualTo(503);
        assertThat(get("get_results?job_id=x").status()).isEqualTo(404);
    }

    @Test
    void faultsDoNotBypassAuthentication() {
        sandbox.injectFault("*", 500, null, 1);
        key = "vsk_wrong";
        assertThat(get("get_results?job_id=x").status()).isEqualTo(401);
        key = sandbox.apiKey();
        assertThat(get("get_results?job_id=x").status()).isEqualTo(500);
    }

    @Test
    void faultsCanBeScriptedOverHttp() {
        Resp scheduled = send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/faults"))
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"endpoint\":\"get_results\",\"status\":429,\"code\":\"rate_limit_exceeded\",\"times\":1,\"retry_after\":7}")));
        assertThat(scheduled.status()).isEqualTo(200);

        Resp limited = get("get_results?job_id=x");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("retry_after").asLong()).isEqualTo(7);

        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpoint\":\"get_results\",\"status\":500}")));
        send(HttpRequest.newBuilder(URI.create(base + "/sandbox/faults")).DELETE());
        assertThat(get("get_results?job_id=x").status()).isEqualTo(404);
    }

    @Test
    void healthNeedsNoKey() {
        Resp health = send(
                HttpRequest.newBuilder(URI.create(base + "/sandbox/health")).GET());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(health.text("base_url")).isEqualTo(base);
    }
}
