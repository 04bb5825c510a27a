package io.describer.camel;

import io.describer.camel.client.model.JobType;

/** What a {@code describer:} endpoint does; the URI path, overridable per message by {@code CamelDescriberOperation}. */
public enum DescriberOperation {
    UPLOAD("upload", null),
    TEXT("text", JobType.TEXT),
    AUDIO("audio", JobType.AUDIO),
    VIDEO("video", JobType.VIDEO),
    RESULTS("results", null),
    /** Settles an uncertain submission (headers CamelDescriberDedupeKey, CamelDescriberSettlement, CamelDescriberJobId). */
    SETTLE("settle", null);

    private final String value;
    private final JobType jobType;

    DescriberOperation(String value, JobType jobType) {
        this.value = value;
        this.jobType = jobType;
    }

    /** The job this operation starts, or null for {@code upload}, {@code results} and {@code settle}. */
    public JobType jobType() {
        return jobType;
    }

    public static DescriberOperation fromJobType(JobType type) {
        for (DescriberOperation op : values()) {
            if (op.jobType == type) {
                return op;
            }
        }
        throw new IllegalArgumentException("No operation for job type " + type);
    }

    /** Parses the URI or header form, naming the valid values when it does not match. */
    public static DescriberOperation parse(String text) {
        if (text != null) {
            for (DescriberOperation op : values()) {
                if (op.value.equalsIgnoreCase(text.trim()) || op.name().equalsIgnoreCase(text.trim())) {
                    return op;
                }
            }
        }
        throw new IllegalArgumentException("Invalid describer operation '" + text
                + "'; valid values: upload, text, audio, video, results, settle");
    }

    @Override
    public String toString() {
        return value;
    }
}
