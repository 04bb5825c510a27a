package io.describer.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.LogCapture;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.JobStores;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real full disk under the embedded store: a 4 MB tmpfs filled up. The default SQLite store in a running node (a
 * full disk noticed while idle, reported once, no billed call, working again without a restart once there is room),
 * and the H2 file store at the store level (H2 closes its database after the I/O error: it is reopened). Needs the
 * right to mount (root, as on the development machine); skipped elsewhere, where StoreWriteFaultTest covers the same
 * at the JDBC layer.
 */
class StoreFullDiskTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @Test
    void aNodeWhoseDiskFillsUpIsDownWhileIdleBillsNothingAndWorksAgainOnceThereIsRoom() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (FaultyDisk disk = FaultyDisk.tmpfs(tmp.resolve("full"), 4);
                CamelContext node = FaultyDisk.node(disk.dir().resolve("jobs").toString(), api.baseUrl(), delivered)) {
            assertThat(submit(node, "m-1").getException()).isNull();
            await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() == 1);

            try (LogCapture log = new LogCapture()) {
                Path filler = disk.fill();
                // idle: the consumer's polls find nothing due and write nothing; the write probe tells
                await().atMost(5, TimeUnit.SECONDS)
                        .until(() -> log.lines().stream().anyMatch(l -> l.startsWith("ERROR io.describer")));
                HealthCheck.Result down = FaultyDisk.storeHealth(node);
                assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(down.getMessage())
                        .hasValueSatisfying(m -> assertThat(m).contains("No space left on device"));
                assertThat(submit(node, "m-2").getException()).isInstanceOf(JobStoreException.class);
                assertThat(api.generateCalls).as("billed calls").hasValue(1);

                Files.delete(filler);
                await().atMost(5, TimeUnit.SECONDS)
                        .until(() -> FaultyDisk.storeHealth(node).getState() == HealthCheck.State.UP);
                assertThat(submit(node, "m-2").getException()).isNull();
                await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() == 2);

                assertThat(log.lines().stream().filter(l -> l.startsWith("ERROR io.describer")))
                        .singleElement()
                        .satisfies(l -> assertThat(l)
                                .contains("No space left on device")
                                .doesNotContain("\tat "));
                assertThat(log.lines().stream().filter(l -> l.startsWith("INFO") && l.contains("works again")))
                        .hasSize(1);
            }
        }
    }

    private static Exchange submit(CamelContext node, String media) {
        return node.createProducerTemplate()
                .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, media));
    }

    @Test
    void anH2StoreFailsWhileTheDiskIsFullAndWorksAgainWithoutARestartOnceThereIsRoom() throws Exception {
        try (FaultyDisk disk = FaultyDisk.tmpfs(tmp.resolve("disk"), 4)) {
            Path dir = disk.dir();
            try (JobStore store = JobStores.h2File(dir.resolve("jobs"))) {
                store.reserve("before", "n1", Duration.ofHours(1));
                Path filler = disk.fill();
                JobStoreException fault = null;
                String big = "x".repeat(50_000);
                for (int i = 0; i < 200 && fault == null; i++) {
                    try {
                        store.reserve("full-" + i + big, "n1", Duration.ofHours(1));
                    } catch (JobStoreException e) {
                        fault = e;
                    }
                }
                assertThat(fault).as("a write failed on the full disk").isNotNull();

                Files.delete(filler);
                JobStoreException last = null;
                boolean recovered = false;
                for (int i = 0; i < 50 && !recovered; i++) {
                    try {
                        store.reserve("after", "n1", Duration.ofHours(1));
                        recovered = true;
                    } catch (JobStoreException e) {
                        last = e;
                        Thread.sleep(100);
                    }
                }
                assertThat(recovered)
                        .as("store works again, last error: %s", last)
                        .isTrue();
                assertThat(store.findUncertain("after")).isEmpty();
            }
            try (JobStore reopened = JobStores.h2File(dir.resolve("jobs"))) {
                assertThat(reopened.reserve("before", "n2", Duration.ofHours(1))
                                .outcome()
                                .name())
                        .isEqualTo("IN_PROGRESS");
            }
        }
    }
}
