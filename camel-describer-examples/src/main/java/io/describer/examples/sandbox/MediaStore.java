package io.describer.examples.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered media: files under {@code <data>/media}, probe results, upload verification state, and the SHA-256 index
 * behind the {@code existing} status / {@code canonical_media_id}.
 */
final class MediaStore {

    /** A registration answer: the media, and whether identical bytes were already known ({@code existing}). */
    record Registration(Media media, boolean existing) {}

    private final SandboxSettings settings;
    private final Path mediaDir;
    private final Path incomingDir;
    private final Map<String, Media> media = new ConcurrentHashMap<>();
    private final Map<String, String> idBySha = new ConcurrentHashMap<>();
    private final Map<String, String> idByUploadToken = new ConcurrentHashMap<>();

    MediaStore(SandboxSettings settings, Path dataDir) throws IOException {
        this.settings = settings;
        this.mediaDir = Files.createDirectories(dataDir.resolve("media"));
        this.incomingDir = Files.createDirectories(dataDir.resolve("incoming"));
    }

    /** Streams bytes to a fresh file under {@code incoming}; {@link StoredFile.TooLarge} past {@code limit}. */
    StoredFile receive(InputStream in, long limit) throws IOException {
        return StoredFile.receive(in, incomingDir.resolve(UUID.randomUUID() + ".part"), limit);
    }

    /**
     * Registers a direct (multipart or URL) upload: 415 for audio-only media, 403 over the plan duration. Bytes that
     * are not media at all are accepted here; jobs on them fail later, as upstream.
     */
    Registration register(StoredFile received, String filename) throws IOException {
        MediaProbe.Result result = probe(received);
        if (result.kind() == MediaProbe.Kind.AUDIO_ONLY) {
            received.delete();
            throw ApiException.noVideoStream();
        }
        if (result.kind() == MediaProbe.Kind.VIDEO && result.durationSeconds() > settings.maxDurationSeconds()) {
            received.delete();
            throw ApiException.videoTooLong(settings.maxDurationSeconds());
        }
        synchronized (this) {
            Media known = settings.dedupe() ? knownBySha(received.sha256()) : null;
            if (known != null) {
                received.delete();
                return new Registration(known, true);
            }
            String id = UUID.randomUUID().toString();
            StoredFile kept = moveToMediaDir(received, id);
            Media m = Media.ready(id, now(), filename, kept, result);
            media.put(id, m);
            idBySha.putIfAbsent(kept.sha256(), id);
            return new Registration(m, false);
        }
    }

    private Media knownBySha(String sha) {
        String id = idBySha.get(sha);
        return id == null ? null : media.get(id);
    }

    /** Step 1 of the signed flow: a media id, a storage path and a one-off upload token. */
    Media createSignedUpload(String filename, String contentType, String token) {
        String id = UUID.randomUUID().toString();
        // the id prefix keeps two uploads of "video.mp4" apart, as distinct storage objects
        String gcsPath = "users/" + settings.teamId() + "/videos/" + id.substring(0, 8) + "-" + safeName(filename);
        Media m = Media.pending(id, now(), filename, gcsPath, contentType);
        media.put(id, m);
        idByUploadToken.put(token, id);
        return m;
    }

    Media byUploadToken(String token) {
        String id = idByUploadToken.get(token);
        return id == null ? null : media.get(id);
    }

    /** Step 2: the PUT body, kept as the media's bytes; false when the upload was already notified. */
    boolean attachUpload(Media m, StoredFile received) throws IOException {
        StoredFile kept = moveToMediaDir(received, m.id);
        if (!m.attachUpload(kept)) {
            kept.delete();
            return false;
        }
        return true;
    }

    /**
     * Step 3: {@code notify_upload_complete}. Size and duration limits answer at once (403); whether the bytes are a
     * video is only revealed by {@code get_upload_status} after the verification delay.
     */
    Media notifyUploaded(String id, String gcsPath) {
        Media m = get(id);
        if (m.gcsPath == null) {
            throw ApiException.badRequest("Media " + id + " was not created by a signed_url upload");
        }
        if (!m.gcsPath.equals(gcsPath)) {
            throw ApiException.invalidField("gcs_path", "'" + gcsPath + "' does not belong to media " + id);
        }
        synchronized (this) {
            if (m.state() != Media.State.PENDING_UPLOAD) {
                return m; // repeated notify: nothing new to verify
            }
            StoredFile file = m.file();
            if (file == null) {
                throw ApiException.badRequest("Nothing was uploaded to the upload_url of media " + id + " yet");
            }
            MediaProbe.Result result = probe(file);
            if (file.size() > settings.maxFileSizeBytes()) {
                m.startVerification(now(), result, "file_too_large", id);
                throw ApiException.fileTooLarge(settings.maxFileSizeBytes());
            }
            boolean video = result.kind() == MediaProbe.Kind.VIDEO;
            if (video && result.durationSeconds() > settings.maxDurationSeconds()) {
                m.startVerification(now(), result, "video_too_long", id);
                throw ApiException.videoTooLong(settings.maxDurationSeconds());
            }
            String canonical = id;
            if (video && settings.dedupe()) {
                Media known = knownBySha(file.sha256());
                if (known != null && known != m) {
                    canonical = known.id;
                } else {
                    idBySha.putIfAbsent(file.sha256(), id);
                }
            }
            String failure =
                    video ? null : result.kind() == MediaProbe.Kind.AUDIO_ONLY ? "no_video_stream" : "invalid_media";
            m.startVerification(now(), result, failure, canonical);
            return m;
        }
    }

    /** The media, or 404. */
    Media get(String id) {
        Media m = id == null ? null : media.get(id);
        if (m == null) {
            throw ApiException.notFound("Media not found: " + id);
        }
        return m;
    }

    /** The media if jobs may use it, else the 409 of API.md §7.3 ({@code upload_not_ready} / {@code upload_failed}). */
    Media usable(String id) {
        Media m = get(id);
        String status = m.uploadStatus(now(), settings.verificationDelay());
        switch (status) {
            case "completed":
                return m;
            case "failed":
                throw ApiException.uploadFailed();
            default:
                throw ApiException.uploadNotReady(status);
        }
    }

    private MediaProbe.Result probe(StoredFile file) {
        return new MediaProbe(settings.unknownDurationSeconds()).probe(file.path());
    }

    private StoredFile moveToMediaDir(StoredFile file, String id) throws IOException {
        Path target = mediaDir.resolve(id + ".bin");
        Files.move(file.path(), target, StandardCopyOption.REPLACE_EXISTING);
        return new StoredFile(target, file.size(), file.sha256());
    }

    private Instant now() {
        return settings.clock().instant();
    }

    static String safeName(String filename) {
        String name = filename == null || filename.isBlank() ? "video.mp4" : filename;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
