package io.describer.camel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real file system under the embedded job store that the test can make fail: a small tmpfs (to fill up) or an ext4
 * loop image mounted {@code errors=remount-ro} (to turn read-only, as the kernel does after an I/O error). Needs the
 * right to mount (root, as on the development machine and in the build's container); the test is skipped elsewhere.
 */
final class FaultyDisk implements AutoCloseable {

    private final Path dir;
    private final String device;

    private FaultyDisk(Path dir, String device) {
        this.dir = dir;
        this.device = device;
    }

    /** A tmpfs of {@code megabytes} at {@code dir}. */
    static FaultyDisk tmpfs(Path dir, int megabytes) throws Exception {
        Files.createDirectories(dir);
        assumeThat(run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()))
                .as("may mount a tmpfs")
                .isTrue();
        return new FaultyDisk(dir, null);
    }

    /** An ext4 image of 16 MB in {@code work}, mounted at {@code dir} so that an error turns it read-only. */
    static FaultyDisk ext4(Path work, Path dir) throws Exception {
        Path image = work.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16L * 1024 * 1024);
        }
        Files.createDirectories(dir);
        assumeThat(run("mkfs.ext4", "-q", "-F", image.toString()))
                .as("mkfs.ext4")
                .isTrue();
        assumeThat(run("mount", "-o", "loop,errors=remount-ro", image.toString(), dir.toString()))
                .as("may mount a loop device")
                .isTrue();
        Process p = new ProcessBuilder("findmnt", "-n", "-o", "SOURCE", dir.toString()).start();
        String source = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return new FaultyDisk(dir, source.substring(source.lastIndexOf('/') + 1));
    }

    Path dir() {
        return dir;
    }

    /** Makes the ext4 file system fail the way a disk error does: the kernel remounts it read-only at once. */
    void turnReadOnly() throws IOException {
        Path trigger = Path.of("/sys/fs/ext4", device, "trigger_fs_error");
        assumeThat(Files.exists(trigger)).as("%s exists", trigger).isTrue();
        Files.writeString(trigger, "test\n");
    }

    /** Fills the disk; returns the file that takes the room. */
    Path fill() {
        Path filler = dir.resolve("filler");
        byte[] chunk = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // no space left
        }
        return filler;
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }

    /** A Camel context with the embedded default store in {@code location}, a results consumer and a submit route. */
    static CamelContext node(String location, String baseUrl, List<String> delivered) throws Exception {
        CamelContext context = new DefaultCamelContext();
        TestNode.describer(context, location, baseUrl).getConfiguration().setMaxRetries(0);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:submit").to("describer:text");
                from("describer:results?delay=20&initialDelay=0")
                        .process(e -> delivered.add(e.getMessage().getHeader(DescriberConstants.JOB_ID, String.class)));
            }
        });
        context.start();
        return context;
    }

    static HealthCheck.Result storeHealth(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("describer-job-store"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no describer-job-store check registered"));
    }

    static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
