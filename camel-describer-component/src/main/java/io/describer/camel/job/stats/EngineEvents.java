package io.describer.camel.job.stats;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.describer.camel.DescriberConstants;
import io.describer.camel.client.DescriberException;
import io.describer.camel.client.RetryPolicy;
import io.describer.camel.client.TransferListener;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.StoredJob;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine says what happened to a job: one INFO line per start, status change and delivery, and the matching
 * {@link EngineStats} call. The engine calls it in one line at the point where the thing happens; the log lines come
 * with or without a metrics library.
 */
public final class EngineEvents {

    private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);

    private final EngineStats stats;

    public EngineEvents(EngineStats stats) {
        this.stats = stats;
    }

    public EngineStats stats() {
        return stats;
    }

    /**
     * The service accepted a job; the source's duration is known when the message went through an upload of the same
     * media (headers CamelDescriberMediaId and CamelDescriberMediaDuration).
     */
    public void submitted(JobType type, JobRecord job, GenerationConfig config, Message in) {
        submitted(null, type, job, config, in);
    }

    /** As {@link #submitted(JobType, JobRecord, GenerationConfig, Message)}, a job of {@code tenant} (null: default). */
    public void submitted(String tenant, JobType type, JobRecord job, GenerationConfig config, Message in) {
        Double seconds = job.mediaId() != null && job.mediaId().equals(in.getHeader(DescriberConstants.MEDIA_ID))
                ? in.getHeader(DescriberConstants.MEDIA_DURATION, Double.class)
                : null;
        submitted(tenant, type, job, config, seconds);
    }

    /**
     * The service accepted a job: it is billed from now on.
     *
     * @param mediaSeconds the source's duration when known (from an upload), for the credit estimate; else null
     */
    public void submitted(JobType type, JobRecord job, GenerationConfig config, Double mediaSeconds) {
        submitted(null, type, job, config, mediaSeconds);
    }

    /** As {@link #submitted(JobType, JobRecord, GenerationConfig, Double)}, a job of {@code tenant} (null: default). */
    public void submitted(String tenant, JobType type, JobRecord job, GenerationConfig config, Double mediaSeconds) {
        double credits = Credits.estimate(type, config, mediaSeconds);
        if (credits > 0) {
            LOG.info(
                    "Started {} job {} on media {} (about {} credits)",
                    type,
                    job.jobId(),
                    job.mediaId(),
                    String.format(Locale.ROOT, "%.2f", credits));
        } else {
            LOG.info("Started {} job {} on media {}", type, job.jobId(), job.mediaId());
        }
        stats.register(tag(tenant), EngineStats.JobEvent.SUBMITTED, type);
        stats.registerCredits(tag(tenant), type, credits);
    }

    /** A start whose outcome is unknown: the job may exist. The caller logs what it records about it. */
    public void uncertain(JobType type) {
        uncertain(null, type);
    }

    /** As {@link #uncertain(JobType)}, a start of {@code tenant} (null: the endpoints' own keys). */
    public void uncertain(String tenant, JobType type) {
        stats.register(tag(tenant), EngineStats.JobEvent.UNCERTAIN, type);
    }

    /** The tenant tag: the tenant, or {@code default} for the endpoints' own keys. Never a key. */
    static String tag(String tenant) {
        return tenant == null ? "default" : tenant;
    }

    /** A get_results answer for a job last known as {@code job.status()}; see {@link #observed(StoredJob, JobStatus, JobStatus)}. */
    public JobStatus observed(StoredJob job, JobStatus now) {
        return observed(job, job.status(), now);
    }

    /**
     * A get_results answer: logs and counts a change from {@code before} (queued → processing → done or failed).
     * Returns the status to remember: {@code now}, or {@code before} when the service sent a status this client does not
     * know.
     */
    public JobStatus observed(StoredJob job, JobStatus before, JobStatus now) {
        if (now == null || now == before) {
            return before;
        }
        LOG.info("Job {} ({}) is {}", job.jobId(), job.jobType(), now);
        String tenant = tag(job.tenant());
        if (now == JobStatus.DONE) {
            stats.register(tenant, EngineStats.JobEvent.DONE, job.jobType());
        } else if (now == JobStatus.FAILED) {
            stats.register(tenant, EngineStats.JobEvent.FAILED, job.jobType());
        }
        return now;
    }

    /** The results exchange of a job this node holds completed, and the store recorded it delivered. */
    public void delivered(StoredJob job, JobStatus status) {
        Duration since = job.createdAt() != null ? Duration.between(job.createdAt(), Instant.now()) : null;
        if (since != null) {
            LOG.info(
                    "Delivered job {} ({}, {}) {} s after submission",
                    job.jobId(),
                    job.jobType(),
                    status,
                    String.format(Locale.ROOT, "%.1f", since.toMillis() / 1000.0));
            stats.registerDelivery(tag(job.tenant()), job.jobType(), status, since);
        } else {
            LOG.info("Delivered job {} ({}, {})", job.jobId(), job.jobType(), status);
        }
    }

    /** Counts the bytes of uploads, then tells {@code delegate}. */
    public TransferListener uploads(TransferListener delegate) {
        return uploads(null, delegate);
    }

    /** Counts the bytes of uploads with {@code tenant}'s key (null: the endpoint's own), then tells {@code delegate}. */
    public TransferListener uploads(String tenant, TransferListener delegate) {
        return new CountingTransfer(tag(tenant), EngineStats.Transfer.UPLOADED, delegate);
    }

    /** Counts the bytes of downloads, then tells {@code delegate}. */
    public TransferListener downloads(TransferListener delegate) {
        return downloads(null, delegate);
    }

    /** Counts the bytes of downloads of {@code tenant}'s results (null: default), then tells {@code delegate}. */
    public TransferListener downloads(String tenant, TransferListener delegate) {
        return new CountingTransfer(tag(tenant), EngineStats.Transfer.DOWNLOADED, delegate);
    }

    /** Counts every attempt, retry and 429 of the client's calls. */
    public RetryPolicy.Listener apiListener() {
        return apiListener(null);
    }

    /** Counts every attempt, retry and 429 of calls with {@code tenant}'s key (null: the endpoint's own), by tenant. */
    public RetryPolicy.Listener apiListener(String tenant) {
        String t = tag(tenant);
        return new RetryPolicy.Listener() {
            @Override
            public void onAttempt(String operation, int attempt) {
                stats.registerCall(t, operation);
            }

            @Override
            public void onFailure(String operation, int attempt, IOException cause) {
                if (cause instanceof DescriberException de && de.getStatus() == 429) {
                    stats.registerThrottled(t, operation, code(cause));
                }
            }

            @Override
            public void onRetry(String operation, int nextAttempt, int maxAttempts, IOException cause, Duration delay) {
                stats.registerRetry(t, operation, code(cause));
            }
        };
    }

    /** The API's code, else the HTTP status, else the I/O error's type: a small, bounded set of tag values. */
    static String code(IOException e) {
        if (e instanceof DescriberException de) {
            return de.getCode() != null ? de.getCode() : String.valueOf(de.getStatus());
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The client reports the running total of each transfer (a retried transfer starts again from 0); this adds the
     * increments.
     */
    private final class CountingTransfer implements TransferListener {
        private final String tenant;
        private final EngineStats.Transfer direction;
        private final TransferListener delegate;
        private long last;

        CountingTransfer(String tenant, EngineStats.Transfer direction, TransferListener delegate) {
            this.tenant = tenant;
            this.direction = direction;
            this.delegate = delegate == null ? TransferListener.NONE : delegate;
        }

        @Override
        public void progress(String name, long transferred, long total) {
            long delta;
            synchronized (this) {
                delta = transferred >= last ? transferred - last : transferred;
                last = transferred;
            }
            if (delta > 0) {
                stats.registerTransfer(tenant, direction, delta);
            }
            delegate.progress(name, transferred, total);
        }
    }
}
