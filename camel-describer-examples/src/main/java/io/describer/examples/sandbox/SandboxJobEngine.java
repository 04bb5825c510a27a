package io.describer.examples.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

import io.describer.examples.media.SampleMedia;

/** Creates jobs and answers {@code get_results} in the V3 shapes of API.md §6, minting fresh signed URLs each time. */
final class SandboxJobEngine {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SandboxSettings settings;
    private final SignedUrls urls;
    private final Path outputsDir;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, Path> renderedVideos = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final SandboxStats stats;
    /** End times of the jobs that count against the queue limit. */
    private final PriorityQueue<Instant> active = new PriorityQueue<>();
    /** When each processing slot is free again. */
    private final PriorityQueue<Instant> slots = new PriorityQueue<>();

    SandboxJobEngine(SandboxSettings settings, SignedUrls urls, Path dataDir, SandboxStats stats) throws IOException {
        this.settings = settings;
        this.urls = urls;
        this.stats = stats;
        this.outputsDir = Files.createDirectories(dataDir.resolve("outputs"));
    }

    /**
     * Starts a job: 429 {@code queue_limit_exceeded} when the team already has {@link SandboxSettings#maxQueuedJobs()}
     * jobs queued or processing. Jobs take the team's {@link SandboxSettings#concurrencyLimit()} processing slots in
     * submission order, each at least {@link SandboxSettings#queuedDelay()} after it was created; the rest wait queued.
     */
    synchronized Job submit(SandboxJobType type, Media media, SandboxGenerationConfig config) {
        Instant now = now();
        while (!active.isEmpty() && !active.peek().isAfter(now)) {
            active.poll();
        }
        int limit = settings.maxQueuedJobs();
        if (limit > 0 && active.size() >= limit) {
            throw ApiException.of(
                    429,
                    "queue_limit_exceeded",
                    "You have " + active.size()
                            + " jobs queued. Please wait for some to complete before submitting more.");
        }
        Instant eligible = now.plus(settings.queuedDelay());
        Instant start = eligible;
        int slotCount = settings.concurrencyLimit();
        if (slotCount > 0) {
            // FIFO: a job starts on the slot that frees first, never before the jobs submitted ahead of it
            while (slots.size() > slotCount) {
                slots.poll();
            }
            if (slots.size() == slotCount) {
                Instant free = slots.poll();
                start = free.isAfter(eligible) ? free : eligible;
            }
        }
        Instant end = start.plus(settings.processingDelay());
        if (slotCount > 0) {
            slots.add(end);
        }
        active.add(end);
        Job job = new Job(newJobId(), type, media, config, now, start, end);
        jobs.put(job.id, job);
        stats.jobStarted(
                new SandboxStats.StartedJob(job.id, type.endpoint, media.id, media.filename(), now, start, end));
        return job;
    }

    /** The {@code get_results} body; 404 for an unknown job. */
    Map<String, Object> results(String jobId, String baseUrl) throws IOException {
        Job job = jobId == null ? null : jobs.get(jobId);
        if (job == null) {
            throw ApiException.notFound("Job not found: " + jobId);
        }
        Instant now = now();
        String status = job.status(now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id);
        body.put("status", status);
        body.put("media_id", job.media.id);
        body.put("created_at", iso(job.createdAt));
        body.put("updated_at", iso(job.updatedAt(now)));
        if (status.equals("failed")) {
            body.put("error_code", "processing_failed");
            body.put("error", "The media could not be processed: no decodable video stream was found");
        } else if (status.equals("done")) {
            render(job);
            Instant expires = now.plus(settings.signedUrlTtl());
            if (job.videoObject != null) {
                body.put("video_signed_url", urls.downloadUrl(baseUrl, job.videoObject, expires));
            }
            if (job.audioObject != null) {
                body.put("audio_signed_url", urls.downloadUrl(baseUrl, job.audioObject, expires));
            }
            body.put("output", job.output);
        }
        return body;
    }

    /** Renders text, WAV and MP4 once per job; later calls only re-sign. */
    private void render(Job job) throws IOException {
        synchronized (job) {
            if (job.output != null) {
                return;
            }
            MediaProbe.Result probe = job.media.probe();
            double duration = probe.durationSeconds();
            List<DescriptionPlan.Segment> segments = DescriptionPlan.plan(duration, job.config);
            String base = baseName(job.media.filename());
            Path dir = Files.createDirectories(outputsDir.resolve(job.id));
            boolean wantsAudio = job.type == SandboxJobType.AUDIO
                    || (job.type == SandboxJobType.VIDEO && job.config.adType().equals("standard_ad"));
            if (wantsAudio) {
                // a video job's extra track is the mix; the audio endpoint honours audio_track_type
                boolean mixed = job.type == SandboxJobType.VIDEO
                        || job.config.audioTrackType().equals("mixed");
                Path wav = WavWriter.write(dir.resolve("audio.wav"), duration, segments, mixed);
                job.audioObject = "outputs/" + job.id + "/audio.wav";
                urls.put(job.audioObject, new SignedUrls.StoredObject(wav, "audio/wav", base + ".ad.wav"));
            }
            if (job.type == SandboxJobType.VIDEO) {
                job.videoObject = "outputs/" + job.id + "/video.mp4";
                urls.put(
                        job.videoObject,
                        new SignedUrls.StoredObject(videoFile(job.media), "video/mp4", base + ".ad.mp4"));
            }
            job.output = TextOutputs.output(job.config.format(), segments, probe.frameRate(), job.media.filename());
        }
    }

    /**
     * The "described" MP4: the uploaded file itself when it is ISO-BMFF; otherwise (WebM, AVI, ...) a small jcodec
     * MP4 of the same length, made once per media.
     */
    private Path videoFile(Media media) {
        if (media.probe().container().equals("iso-bmff")) {
            return media.file().path();
        }
        return renderedVideos.computeIfAbsent(media.id, id -> {
            Path target = outputsDir.resolve("media-" + id + ".mp4");
            int fps = 2;
            int frames = (int) Math.max(1, Math.round(media.probe().durationSeconds() * fps));
            try {
                return SampleMedia.writeMp4Frames(target, frames, fps, 160, 120);
            } catch (IOException e) {
                throw new IllegalStateException("could not render the sandbox video", e);
            }
        });
    }

    private String newJobId() {
        StringBuilder sb = new StringBuilder("task_");
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static String baseName(String filename) {
        String name = MediaStore.safeName(filename);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private Instant now() {
        return settings.clock().instant();
    }
}
