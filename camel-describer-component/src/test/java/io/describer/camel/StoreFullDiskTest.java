package io.describer.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.JobStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real full disk under the embedded H2 store: a 4 MB tmpfs filled up. (A read-only remount is refused while H2
 * holds its file open for writing, and root ignores chmod, so read-only is covered by StoreWriteFaultTest only.) Needs the right to mount (root, as on the
 * development machine); skipped elsewhere, where StoreWriteFaultTest covers the same at the JDBC layer.
 */
class StoreFullDiskTest {

    @TempDir
    Path tmp;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void writesFailWhileTheDiskIsFullAndWorkAgainWithoutARestartOnceThereIsRoom() throws Exception {
        Path dir = tmp.resolve("disk");
        Files.createDirectories(dir);
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir.toString()))
                .as("may mount a tmpfs")
                .isTrue();
        mount = dir;
        try (JobStore store = JobStores.h2File(dir.resolve("jobs"))) {
            store.reserve("before", "n1", Duration.ofHours(1));
            Path filler = dir.resolve("filler");
            try {
                Files.write(filler, new byte[8 * 1024 * 1024]);
            } catch (IOException expected) {
                // the disk is full now
            }
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
            assertThat(recovered).as("store works again, last error: %s", last).isTrue();
            assertThat(store.findUncertain("after")).isEmpty();
        }
        try (JobStore reopened = JobStores.h2File(dir.resolve("jobs"))) {
            assertThat(reopened.reserve("before", "n2", Duration.ofHours(1))
                            .outcome()
                            .name())
                    .isEqualTo("IN_PROGRESS");
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
