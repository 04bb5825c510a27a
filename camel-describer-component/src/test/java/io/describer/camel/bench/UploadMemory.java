package io.describer.camel.bench;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import io.describer.camel.client.HttpDescriberClient;
import io.describer.camel.client.MediaContent;
import io.describer.camel.client.MediaInput;

/**
 * Uploads a sparse file of the given size through the signed flow to a {@link DiscardSink} and prints the JVM's peak
 * resident memory (VmHWM). {@code bench.sh memory} runs it for 100 MiB and 2 GiB in {@code -Xmx64m} JVMs and prints the
 * ratio: the upload streams, so the peak must not grow with the size.
 */
public final class UploadMemory {

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]) * 1024 * 1024;
        Path file = Files.createTempFile("describer-rss", ".mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        try (DiscardSink sink = new DiscardSink();
                HttpDescriberClient client = UploadBench.client(sink, 0)) {
            client.uploadMedia(MediaInput.content(MediaContent.ofFile(file, null, null)), null);
            if (sink.received() < size) {
                throw new IllegalStateException("sink received " + sink.received() + " of " + size);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .findFirst()
                .orElse("VmHWM: ? kB");
        System.out.println(hwm.replaceAll("\\D+", " ").trim());
    }
}
