package io.describer.camel.job.jdbc;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.StoredJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM killed right after {@code record} returned must not lose the job: H2 by default writes commits up to 500 ms
 * late, so {@link JobStores#h2File} turns that delay off. The writer runs in a child JVM that halts without any
 * shutdown.
 */
class H2CrashSurvivalTest {

    @TempDir
    Path dir;

    @Test
    void recordedJobsSurviveAHaltedJvm() throws Exception {
        Path db = dir.resolve("jobs");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        RecordThenHalt.class.getName(),
                        db.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue())
                .as("child output in %s", dir.resolve("child.log"))
                .isEqualTo(42);

        try (JobStore after = JobStores.h2File(db)) {
            assertThat(after.listPending(10)).extracting(StoredJob::jobId).containsExactly("j0", "j1", "j2");
        }
    }

    /** Records three jobs and halts the JVM the moment the last {@code record} returns. */
    public static final class RecordThenHalt {
        public static void main(String[] args) {
            JobStore store = JobStores.h2File(new File(args[0]).toPath());
            for (String id : List.of("j0", "j1", "j2")) {
                store.record(StoredJob.submitted(id, "m", JobType.TEXT, null, Map.of(), null));
            }
            Runtime.getRuntime().halt(42);
        }
    }
}
