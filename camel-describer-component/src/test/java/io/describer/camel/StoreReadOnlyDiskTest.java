package io.describer.camel;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.LogCapture;
import io.describer.camel.job.JobStoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file system of the embedded (SQLite) store turns read-only while the node is idle, as ext4 does after a disk
 * error ({@code errors=remount-ro}): noticed without any message (the consumer's polls write nothing, so the store's
 * write probe is what tells), one ERROR line without a stack trace, the health check DOWN with the reason, and a
 * message refused before any billed call. Such a file system cannot be made writable again without unmounting it, so
 * recovery without a restart is shown at the JDBC layer ({@link StoreWriteFaultTest}) and on a full disk
 * ({@link StoreFullDiskTest}). chmod does not stop root, hence a real read-only mount; skipped without the right to
 * mount a loop device.
 */
class StoreReadOnlyDiskTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Test
    void aStoreWhoseDiskTurnsReadOnlyIsReportedOnceWhileIdleAndRefusesMessagesBeforeTheBilledCall() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (FaultyDisk disk = FaultyDisk.ext4(tmp, tmp.resolve("disk"));
                CamelContext node = FaultyDisk.node(disk.dir().resolve("jobs").toString(), api.baseUrl(), delivered)) {
            Exchange first = node.createProducerTemplate()
                    .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"));
            assertThat(first.getException()).isNull();
            await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() == 1);
            assertThat(FaultyDisk.storeHealth(node).getState()).isEqualTo(HealthCheck.State.UP);

            try (LogCapture log = new LogCapture()) {
                disk.turnReadOnly();
                // idle: only the results consumer polls the store
                await().atMost(5, TimeUnit.SECONDS)
                        .until(() -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR io.describer")));
                Thread.sleep(1_500);

                HealthCheck.Result down = FaultyDisk.storeHealth(node);
                assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(down.getMessage())
                        .hasValueSatisfying(m -> assertThat(m).contains("refuses writes (Read-only file system)"));

                Exchange refused = node.createProducerTemplate()
                        .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-2"));
                assertThat(refused.getException()).isInstanceOf(JobStoreException.class);
                assertThat(api.generateCalls).as("billed calls").hasValue(1);

                assertThat(log.lines().stream().filter(l -> l.startsWith("ERROR io.describer")))
                        .singleElement()
                        .satisfies(l ->
                                assertThat(l).contains("Read-only file system").doesNotContain("\tat "));
            }
        }
    }
}
