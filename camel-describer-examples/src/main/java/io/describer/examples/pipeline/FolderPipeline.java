package io.describer.examples.pipeline;

import io.describer.camel.DescriberBackPressureException;
import io.describer.camel.DescriberConstants;
import io.describer.camel.client.DescriberBadRequestException;
import io.describer.camel.client.DescriberForbiddenException;
import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.client.DescriberUnsupportedMediaException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Videos dropped into {@code folder.input} are described; the described MP4 and the WebVTT script are written to
 * {@code folder.output} as {@code <name>.ad.mp4} / {@code <name>.ad.vtt}, rejections to
 * {@code folder.output/failed/<name>.error.txt}. A processed video moves to {@code folder.input/.done}. The YAML twin is
 * {@code pipelines/folder.camel.yaml}.
 */
public class FolderPipeline extends RouteBuilder {

    @Override
    public void configure() {
        // a job the service could not finish arrives on describer:results carrying this exception
        onException(DescriberJobFailedException.class).handled(true).to("direct:folder-dead-letter");

        // readLock=changed with readLockMinAge: a video still being copied in is not picked up half-written, while
        // one already older than the minimum age is taken at once (a backlog is not read one file per second);
        // oldest first (sorted after scanning all files, not the first found), in batches
        from("file:{{folder.input}}?includeExt={{pipeline.video-extensions}}&move=.done&readLock=changed"
                        + "&readLockCheckInterval={{folder.read-lock-interval}}&readLockMinAge={{folder.read-lock-min-age}}"
                        + "&sortBy=file:modified&eagerMaxMessagesPerPoll=false"
                        + "&maxMessagesPerPoll={{folder.max-messages-per-poll}}&delay={{folder.poll-delay}}")
                .routeId("folder-submit")
                // sources are submitted in parallel: a backlog is read faster than the service takes it
                .threads()
                .poolSize("{{pipeline.submit-threads}}")
                .log("Describing ${header.CamelFileName}")
                .setHeader(DescriberConstants.CORRELATION_ID, header(Exchange.FILE_NAME))
                .doTry()
                .to("describer:video?language={{describer.language}}&category={{describer.category}}")
                // the video job's media id is on the message: the script job reuses the upload
                .to("describer:text?format=vtt&language={{describer.language}}&category={{describer.category}}")
                // refused for good: record it and move the file to .done
                .doCatch(
                        DescriberUnsupportedMediaException.class,
                        DescriberBadRequestException.class,
                        DescriberForbiddenException.class)
                .to("direct:folder-dead-letter")
                // the service's queue is full: the file stays (the route is suspended until jobs finish)
                .doCatch(DescriberBackPressureException.class)
                .log(LoggingLevel.DEBUG, "Held back ${header.CamelFileName}: ${exception.message}")
                .rollback("Held back")
                // the job start's outcome is unknown: a job may exist and be billed, so never submit again from here.
                // The component holds the source (uncertainPolicy); an operator settles it (describer:settle)
                .doCatch(DescriberUncertainSubmissionException.class)
                .to("direct:folder-uncertain")
                // anything else (network, 401, 429, 503) surely started no job: fail, so the file stays for the
                // next poll
                .doCatch(Exception.class)
                .log(LoggingLevel.WARN, "Will try ${header.CamelFileName} again: ${exception}")
                .rollback("Not described this time")
                .end();

        // CamelFileName is already <name>.ad.mp4 or .ad.vtt. Idempotent: written to <name>.part, then renamed over
        // the output, so a repeated delivery (CamelDescriberRedelivered=true after a crash) replaces the file instead
        // of adding one, a kill mid-write leaves only a .part, and the old complete file stays until the rename
        from("describer:results?maxMessagesPerPoll={{describer.results-per-poll}}&delay={{describer.results-delay}}")
                .routeId("folder-deliver")
                .log(
                        "Writing ${header.CamelDescriberOutputType} of job ${header.CamelDescriberJobId} to {{folder.output}}/${header.CamelFileName}")
                .to("file:{{folder.output}}?tempFileName=${file:name}.part&eagerDeleteTargetFile=false");

        from("direct:folder-dead-letter")
                .routeId("folder-dead-letter")
                .setHeader(DescriberConstants.ERROR_CODE, simple("${exception.code}"))
                .setHeader(Exchange.FILE_NAME, simple("${header.CamelDescriberCorrelationId}.error.txt"))
                .setBody(simple("${header.CamelDescriberErrorCode}\n${exception.message}\n"))
                .log(
                        LoggingLevel.WARN,
                        "Not described: ${header.CamelDescriberCorrelationId} (${header.CamelDescriberErrorCode})")
                .to("file:{{folder.output}}/failed");

        // a record an operator acts on; the source moves to .done, and back into the input after a "no-job" settlement
        from("direct:folder-uncertain")
                .routeId("folder-uncertain")
                .setHeader(Exchange.FILE_NAME, simple("${header.CamelDescriberCorrelationId}.uncertain.txt"))
                .setBody(simple(UNCERTAIN_RECORD))
                .log(
                        LoggingLevel.WARN,
                        "Uncertain: ${header.CamelDescriberCorrelationId} may have started a job; see"
                                + " {{folder.output}}/failed/${header.CamelFileName}")
                .to("file:{{folder.output}}/failed");
    }

    /** What an operator needs to settle an uncertain submission; the same text in every pipeline. */
    static final String UNCERTAIN_RECORD = "uncertain_submission\ndedupe key: ${exception.dedupeKey}\n"
            + "since: ${exception.since}\nmedia id: ${exception.mediaId}\n${exception.message}\n"
            + "Settle with describer:settle and header CamelDescriberDedupeKey set to the dedupe key, plus"
            + " CamelDescriberJobId=<the job's id> if the service shows the job, else CamelDescriberSettlement=no-job.\n";
}
