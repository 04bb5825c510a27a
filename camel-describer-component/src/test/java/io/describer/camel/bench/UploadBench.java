package io.describer.camel.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.describer.camel.client.ClientSettings;
import io.describer.camel.client.HttpDescriberClient;
import io.describer.camel.client.MediaContent;
import io.describer.camel.client.MediaInput;

/**
 * Throughput of our client against {@code curl} to the same local {@link DiscardSink}, interleaved A/B (the order
 * alternates each round), medians of wall time, printed as ratios (curl time / our time: 1.0 = as fast as curl, higher
 * = faster). Three transfers: the signed-flow PUT ({@code curl -T}), a multipart upload ({@code curl -F}) and a result
 * download ({@code curl -o}). Alternative transports measured for the README's decision run as extra variants.
 *
 * <p>Run: {@code ./bench.sh upload [sizeMiB=1024] [rounds=5]} (then also the peak-RSS check of {@link UploadMemory}).
 */
public final class UploadBench {

    interface Variant {
        void run(Path file, long size) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> only = args.length > 2 ? Arrays.asList(args[2].split(",")) : List.of();
        long size = sizeMiB * 1024 * 1024;
        Path dir = Files.createTempDirectory("describer-bench");
        Path file = dir.resolve("media.mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // real bytes on disk (not sparse), read once so both sides read from the page cache
            byte[] block = new byte[1024 * 1024];
            Arrays.fill(block, (byte) 7);
            for (long i = 0; i < sizeMiB; i++) {
                raf.write(block);
            }
        }
        try (DiscardSink sink = new DiscardSink();
                HttpDescriberClient signed = client(sink, 0);
                HttpDescriberClient direct = client(sink, Long.MAX_VALUE);
                AlternativeTransports alternatives = new AlternativeTransports()) {
            String put = sink.baseUrl() + "/bucket/media.mp4?X-Goog-Signature=bench";
            String upload = sink.baseUrl() + "/enterprise/api/upload_media";
            String download = sink.baseUrl() + "/download/" + size;
            Path target = dir.resolve("result.bin");

            Map<String, Variant[]> pairs = new LinkedHashMap<>();
            pairs.put("signed upload (PUT) vs curl -T", new Variant[] {
                (f, n) -> curl("-T", f.toString(), "-H", "Content-Type: video/mp4", put),
                (f, n) -> signed.uploadMedia(MediaInput.content(MediaContent.ofFile(f, null, null)), null)
            });
            pairs.put("multipart upload vs curl -F", new Variant[] {
                (f, n) -> curl("-F", "input={\"type\":\"file\"}", "-F", "file=@" + f + ";type=video/mp4", upload),
                (f, n) -> direct.uploadMedia(MediaInput.content(MediaContent.ofFile(f, null, null)), null)
            });
            pairs.put("download vs curl -o", new Variant[] {
                (f, n) -> curl("-o", target.toString(), download), (f, n) -> signed.download(download, target, null)
            });
            pairs.put("JDK HttpClient, BodyPublishers.ofFile (16 KiB) vs curl -T", new Variant[] {
                (f, n) -> curl("-T", f.toString(), "-H", "Content-Type: video/mp4", put),
                (f, n) -> alternatives.jdkOfFile(put, f)
            });
            pairs.put("JDK HttpClient, 1 MiB BodyPublisher vs curl -T", new Variant[] {
                (f, n) -> curl("-T", f.toString(), "-H", "Content-Type: video/mp4", put),
                (f, n) -> alternatives.jdkLargeBuffers(put, f)
            });
            pairs.put("Apache HttpClient 5, FileEntity (4 KiB) vs curl -T", new Variant[] {
                (f, n) -> curl("-T", f.toString(), "-H", "Content-Type: video/mp4", put),
                (f, n) -> alternatives.hc5FileEntity(put, f)
            });
            pairs.put("Apache HttpClient 5, 1 MiB entity vs curl -T", new Variant[] {
                (f, n) -> curl("-T", f.toString(), "-H", "Content-Type: video/mp4", put),
                (f, n) -> alternatives.hc5LargeBuffers(put, f)
            });

            System.out.printf(
                    "%d MiB, %d rounds, interleaved; ratio = curl median time / ours (>= 1.0: at least as fast)%n",
                    sizeMiB, rounds);
            for (Map.Entry<String, Variant[]> pair : pairs.entrySet()) {
                if (!only.isEmpty() && only.stream().noneMatch(pair.getKey()::contains)) {
                    continue;
                }
                measure(pair.getKey(), pair.getValue(), file, size, rounds, sink);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void measure(String name, Variant[] ab, Path file, long size, int rounds, DiscardSink sink)
            throws Exception {
        // one warm-up each (JIT, connections, page cache)
        ab[0].run(file, size);
        ab[1].run(file, size);
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            boolean aFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean runA = (k == 0) == aFirst;
                sink.reset();
                long start = System.nanoTime();
                (runA ? ab[0] : ab[1]).run(file, size);
                long nanos = System.nanoTime() - start;
                if (!name.startsWith("download") && sink.received() < size) {
                    throw new IllegalStateException(name + ": the sink received " + sink.received() + " of " + size);
                }
                (runA ? a : b).add(nanos);
            }
        }
        double curl = median(a);
        double ours = median(b);
        System.out.printf(
                "%-62s curl %6.0f MiB/s  ours %6.0f MiB/s  ratio %.2f  (runs ours/curl ms: %s / %s)%n",
                name, size / 1048576.0 / (curl / 1e9), size / 1048576.0 / (ours / 1e9), curl / ours, ms(b), ms(a));
    }

    static HttpDescriberClient client(DiscardSink sink, long directUploadLimit) {
        return new HttpDescriberClient(ClientSettings.builder()
                .baseUrl(sink.baseUrl())
                .apiKey("vsk_bench")
                .directUploadLimit(directUploadLimit)
                .uploadPollInterval(Duration.ZERO)
                .build());
    }

    static void curl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "-o", "/dev/null"));
        if (args[0].equals("-o")) {
            cmd.remove(cmd.size() - 1);
            cmd.remove(cmd.size() - 1);
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("curl failed: " + out);
        }
    }

    static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static String ms(List<Long> values) {
        return values.stream().map(n -> String.valueOf(n / 1_000_000)).toList().toString();
    }
}
