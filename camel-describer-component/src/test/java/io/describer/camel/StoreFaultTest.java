package io.describer.camel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.JobStores;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store's file faults: a second JVM, a deleted or replaced file, a lost file at start. */
class StoreFaultTest {

    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path tmp;

    @Test
    void aSecondJvmOnTheSameLocationFailsTheRouteStartWithWhatToDo() throws Exception {
        Path location = tmp.resolve("jobs");
        Process other = new ProcessBuilder(
                        Paths.get(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HoldStore.class.getName(),
                        location.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("HOLDING")) {
                // the child's log lines
            }
            assertThat(line).as("child opened the store").isEqualTo("HOLDING");

            try (CamelContext context = new DefaultCamelContext()) {
                context.getComponent("describer", DescriberComponent.class).setJobStoreLocation(location.toString());
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("describer:results?apiKey=k").to("log:out");
                    }
                });
                Throwable failed = org.assertj.core.api.Assertions.catchThrowable(context::start);
                while (failed != null && !(failed instanceof JobStoreException)) {
                    failed = failed.getCause();
                }
                assertThat(failed)
                        .as("the start failed with a JobStoreException")
                        .isInstanceOf(JobStoreException.class)
                        .hasMessageContaining(location.toString())
                        .hasMessageContaining("in use by another process (pid " + other.pid())
                        .hasMessageContaining("jobStoreLocation")
                        .hasMessageContaining("jobStoreDataSource");
            }
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
        // once the other JVM is gone, the location is free again
        try (JobStore store = JobStores.h2File(location)) {
            assertThat(store.countPending()).isZero();
        }
    }

    @Test
    void aFileDeletedWhileRunningIsDownAndRefusedAtTheNextStartUntilTheSidecarGoes() throws Exception {
        Path location = tmp.resolve("jobs");
        try (CamelContext context = new DefaultCamelContext()) {
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStoreLocation(location.toString());
            context.start();
            JobStore store = describer.getOrCreateJobStore();
            store.reserve("s3://bucket/a.mp4", "n1", LEASE);
            assertThat(check(context).getState()).isEqualTo(HealthCheck.State.UP);

            Files.delete(tmp.resolve("jobs.db"));
            Thread.sleep(1_100); // the file is looked at once a second

            HealthCheck.Result down = check(context);
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("was deleted"));
            assertThatThrownBy(() -> store.reserve("s3://bucket/b.mp4", "n1", LEASE))
                    .isInstanceOf(JobStoreException.class)
                    .hasMessageContaining("jobs.db was deleted");
        }
        assertThatThrownBy(() -> JobStores.embedded(location))
                .isInstanceOf(JobStoreException.class)
                .hasMessageContaining("is missing")
                .hasMessageContaining("delete " + tmp.resolve("jobs.store-id"));
        assertThat(tmp.resolve("jobs.db")).doesNotExist();

        // the documented way to start over on purpose
        Files.delete(tmp.resolve("jobs.store-id"));
        try (JobStore fresh = JobStores.embedded(location)) {
            assertThat(fresh.countPending()).isZero();
        }
        assertThat(tmp.resolve("jobs.store-id")).exists();
    }

    @Test
    void aFileReplacedWhileRunningRefusesWrites() throws Exception {
        Path location = tmp.resolve("jobs");
        Path other = tmp.resolve("other");
        try (JobStore o = JobStores.h2File(other)) {
            o.reserve("x", "n2", LEASE);
        }
        try (JobStore store = JobStores.h2File(location)) {
            store.reserve("s3://bucket/a.mp4", "n1", LEASE);
            Files.copy(tmp.resolve("other.mv.db"), tmp.resolve("jobs.mv.db.new"));
            Files.move(
                    tmp.resolve("jobs.mv.db.new"),
                    tmp.resolve("jobs.mv.db"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(1_100);
            assertThatThrownBy(() -> store.reserve("s3://bucket/b.mp4", "n1", LEASE))
                    .isInstanceOf(JobStoreException.class)
                    .hasMessageContaining("jobs.mv.db was replaced by another file");
        }
    }

    @Test
    void anEmptiedFileIsNotTakenForAnEmptyStoreAtStart() throws Exception {
        Path location = tmp.resolve("jobs");
        try (JobStore store = JobStores.h2File(location)) {
            store.reserve("s3://bucket/a.mp4", "n1", LEASE);
        }
        Files.write(tmp.resolve("jobs.mv.db"), new byte[0]);
        assertThatThrownBy(() -> JobStores.h2File(location))
                .isInstanceOf(JobStoreException.class)
                .hasMessageContaining("is empty");
    }

    private static HealthCheck.Result check(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("describer-job-store"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no describer-job-store check registered"));
    }

    /** The other JVM: opens the store and holds it until killed. */
    public static final class HoldStore {
        public static void main(String[] args) throws Exception {
            try (JobStore store = JobStores.h2File(Path.of(args[0]))) {
                store.countPending();
                System.out.println("HOLDING");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }
}
