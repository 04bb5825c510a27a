package io.describer.camel;

import java.util.Locale;

import io.describer.camel.client.DescriberNotFoundException;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code settle} operation: an operator's verdict on an uncertain submission. {@code job} (with the job id found,
 * e.g. in the service's dashboard): the job is checked with one get_results call, then tracked like any submitted job,
 * so a results consumer delivers it and the source's redeliveries find it. {@code no-job}: the key is freed, so the
 * source is submitted again on its next delivery.
 */
final class UncertainSettlement {

    private static final Logger LOG = LoggerFactory.getLogger(UncertainSettlement.class);

    private final DescriberEndpoint endpoint;

    UncertainSettlement(DescriberEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    void settle(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String key = in.getHeader(DescriberConstants.DEDUPE_KEY, String.class);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("The settle operation needs the uncertain submission's dedupe key in"
                    + " header " + DescriberConstants.DEDUPE_KEY + " (the dev console 'describer' lists them)");
        }
        String verdict = in.getHeader(DescriberConstants.SETTLEMENT, String.class);
        String jobId = in.getHeader(DescriberConstants.JOB_ID, String.class);
        if (verdict == null && jobId != null && !jobId.isBlank()) {
            verdict = "job";
        }
        String v = verdict == null ? "" : verdict.trim().toLowerCase(Locale.ROOT);
        JobStore store = endpoint.getJobStore();
        UncertainSubmission uncertain = store.findUncertain(key)
                .orElseThrow(() -> new IllegalArgumentException("No uncertain submission under dedupe key '" + key
                        + "' (header " + DescriberConstants.DEDUPE_KEY + "); it may be settled already"));
        switch (v) {
            case "job" -> {
                if (jobId == null || jobId.isBlank()) {
                    throw new IllegalArgumentException(
                            "Settling as job needs the job id in header " + DescriberConstants.JOB_ID);
                }
                JobResults answer;
                try {
                    answer = endpoint.clientFor(uncertain.tenant()).getResults(jobId);
                } catch (DescriberNotFoundException e) {
                    throw new IllegalArgumentException(
                            "Job '" + jobId + "' (header " + DescriberConstants.JOB_ID + ") is unknown to the service;"
                                    + " not settled",
                            e);
                }
                StoredJob job = store.settleAsJob(key, jobId, answer.mediaId())
                        .orElseThrow(() -> new IllegalStateException(
                                "The uncertain submission under '" + key + "' was settled or resubmitted meanwhile"));
                LOG.info("Settled uncertain submission {}: job {} exists and will be delivered", key, jobId);
                in.setHeader(DescriberConstants.MEDIA_ID, job.mediaId());
                in.setHeader(DescriberConstants.JOB_STATUS, answer.status());
                in.setBody(job);
            }
            case "no-job" -> {
                if (!store.settleAsNoJob(key)) {
                    throw new IllegalStateException(
                            "The uncertain submission under '" + key + "' was settled or resubmitted meanwhile");
                }
                LOG.info("Settled uncertain submission {}: no job was started; the source may be submitted again", key);
                in.setBody(uncertain);
            }
            default ->
                throw new IllegalArgumentException("Invalid value '" + verdict + "' for header "
                        + DescriberConstants.SETTLEMENT + "; valid values: job (with " + DescriberConstants.JOB_ID
                        + "), no-job");
        }
    }
}
