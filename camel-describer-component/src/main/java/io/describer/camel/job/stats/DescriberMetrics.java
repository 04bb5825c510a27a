package io.describer.camel.job.stats;

/**
 * Meter names and tags, in camel-micrometer's style: lower-case dotted {@code camel.describer.*} names, camelCase tag
 * keys. No tag carries a job or media id: 10,000 jobs in flight would be 10,000 series.
 */
public final class DescriberMetrics {

    /** Counter: jobs the service accepted, by {@link #OPERATION_TAG} (text, audio, video). */
    public static final String JOBS_SUBMITTED = "camel.describer.jobs.submitted";
    /** Counter: jobs the service reported done. */
    public static final String JOBS_DONE = "camel.describer.jobs.done";
    /** Counter: jobs the service reported failed (or no longer knew). */
    public static final String JOBS_FAILED = "camel.describer.jobs.failed";
    /** Counter: job starts whose outcome is unknown (the job may exist and be billed). */
    public static final String JOBS_UNCERTAIN = "camel.describer.jobs.uncertain";
    /** Gauge: jobs in the job store not delivered yet (all nodes sharing it), refreshed in the background. */
    public static final String JOBS_INFLIGHT = "camel.describer.jobs.inflight";
    /** Gauge: undelivered jobs the service last reported queued (all nodes sharing the store), as jobs.inflight. */
    public static final String JOBS_QUEUED = "camel.describer.jobs.queued";
    /** Gauge: undelivered jobs the service last reported processing (all nodes sharing the store), as jobs.inflight. */
    public static final String JOBS_PROCESSING = "camel.describer.jobs.processing";
    /** Timer: from recording a job to the completion of its results exchange, by operation and {@link #STATUS_TAG}. */
    /** Gauge: sources held back by back-pressure (waiting in line or rolled back to come again), this node. */
    public static final String SOURCES_WAITING = "camel.describer.sources.waiting";

    public static final String JOBS_DELIVERY = "camel.describer.jobs.delivery";
    /** Counter: HTTP attempts by {@link #OPERATION_TAG} (the API operation: get_results, generate_ad_text, ...). */
    public static final String API_CALLS = "camel.describer.api.calls";
    /** Counter: retried attempts by operation and {@link #CODE_TAG}. */
    public static final String API_RETRIES = "camel.describer.api.retries";
    /** Counter: 429 answers by operation and code (rate_limit_exceeded, concurrency_limit_exceeded, ...). */
    public static final String API_THROTTLED = "camel.describer.api.throttled";
    /** Counter (bytes): media sent to the service or its signed storage URLs. */
    public static final String UPLOADED = "camel.describer.uploaded";
    /** Counter (bytes): results downloaded from signed URLs. */
    public static final String DOWNLOADED = "camel.describer.downloaded";
    /** Counter: credits the submitted jobs should cost (source minutes × the price list's multiplier), by operation. */
    public static final String CREDITS_ESTIMATED = "camel.describer.credits.estimated";

    public static final String CAMEL_CONTEXT_TAG = "camelContext";
    public static final String OPERATION_TAG = "operation";
    public static final String CODE_TAG = "code";
    public static final String STATUS_TAG = "status";
    /** The tenant (team) whose key made the call or owns the job; {@code default} for the endpoint's own key. */
    public static final String TENANT_TAG = "tenant";

    private DescriberMetrics() {}
}
