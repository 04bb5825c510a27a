package io.describer.examples.sandbox;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command-line options of the standalone sandbox. */
class SandboxServerMainTest {

    @Test
    void parsesOptions() {
        SandboxSettings s = SandboxServer.parse(new String[] {
            "--port",
            "8089",
            "--data-dir",
            "/tmp/sbx",
            "--api-key",
            "vsk_one",
            "--api-key",
            "vsk_two",
            "--any-key",
            "--allow-file-urls",
            "--queued-ms",
            "5",
            "--processing-ms",
            "6",
            "--verify-ms",
            "7",
            "--url-ttl-s",
            "60",
            "--rate",
            "9",
            "--max-file-mb",
            "2",
            "--max-duration-s",
            "30"
        });

        assertThat(s.port()).isEqualTo(8089);
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/sbx"));
        assertThat(s.apiKeys()).containsExactly("vsk_one", "vsk_two");
        assertThat(s.acceptAnyVskKey()).isTrue();
        assertThat(s.allowFileUrls()).isTrue();
        assertThat(s.queuedDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(s.processingDelay()).isEqualTo(Duration.ofMillis(6));
        assertThat(s.verificationDelay()).isEqualTo(Duration.ofMillis(7));
        assertThat(s.signedUrlTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.rateLimit()).isEqualTo(9);
        assertThat(s.maxFileSizeBytes()).isEqualTo(2 * SandboxSettings.MIB);
        assertThat(s.maxDurationSeconds()).isEqualTo(30);
    }

    @Test
    void defaultsSuitADemo() {
        SandboxSettings s = SandboxServer.parse(new String[0]);
        assertThat(s.apiKeys()).containsExactly("vsk_sandbox");
        assertThat(s.signedUrlTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.multipartCapBytes()).isEqualTo(32 * SandboxSettings.MIB);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8089);
        assertThatThrownBy(() -> SandboxServer.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
