package io.describer.examples.pipeline;

import io.describer.camel.DescriberBackPressureException;
import io.describer.camel.DescriberConstants;
import io.describer.camel.client.DescriberBadRequestException;
import io.describer.camel.client.DescriberForbiddenException;
import io.describer.camel.client.DescriberJobFailedException;
import io.describer.camel.client.DescriberUncertainSubmissionException;
import io.describer.camel.client.DescriberUnsupportedMediaException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * Videos put in the S3 bucket {@code s3.incoming-bucket} under {@code s3.incoming-prefix} are described (a described
 * MP4 and a WebVTT script); the results land in {@code s3.described-bucket} under the source's key with
 * {@code .ad.mp4} / {@code .ad.vtt}. Media or jobs the service rejects are written as
 * {@code s3.failed-prefix}{@code <source key>.error.txt} into the same bucket. The YAML twin is
 * {@code pipelines/s3.camel.yaml}.
 */
public class S3Pipeline extends RouteBuilder {

    static final String CONNECTION =
            "accessKey=RAW({{s3.access-key}})&secretKey=RAW({{s3.secret-key}})&region={{s3.region}}"
                    + "&overrideEndpoint={{s3.override-endpoint}}&uriEndpointOverride={{s3.endpoint}}"
                    + "&forcePathStyle={{s3.force-path-style}}";

    @Override
    public void configure() {
        // a job the service could not finish arrives on describer:results carrying this exception
        onException(DescriberJobFailedException.class).handled(true).to("direct:s3-dead-letter");

        // deleteAfterRead=false: the bucket is listed again on every poll, so each object comes back until it is
        // seen here (this JVM) or by the component's dedupe on bucket/key/ETag in its job store (any restart).
        // includeBody=false streams the object instead of reading it into memory.
        from("aws2-s3:{{s3.incoming-bucket}}?" + CONNECTION + "&prefix={{s3.incoming-prefix}}&deleteAfterRead=false"
                        + "&includeBody=false&maxMessagesPerPoll={{s3.max-messages-per-poll}}&delay={{s3.poll-delay}}")
                .routeId("s3-submit")
                // objects are submitted in parallel: a backlog is read faster than the service takes it
                .threads()
                .poolSize("{{pipeline.submit-threads}}")
                .idempotentConsumer(
                        simple("${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key}/${header.CamelAwsS3ETag}"),
                        MemoryIdempotentRepository.memoryIdempotentRepository(10_000))
                .skipDuplicate(false)
                .choice()
                .when(simple("${exchangeProperty.CamelDuplicateMessage} == true"
                        + " || ${header.CamelAwsS3Key} !regex '{{s3.video-key-pattern}}'"))
                // abort the GET instead of downloading an object nobody reads: closing an unread response reads it
                // to its end (to reuse the connection), gigabytes per poll for a video described already
                .script(simple("${body?.abort()}"))
                .otherwise()
                .log("Describing s3://${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key}")
                // the failure report of a job names its source: keys of results are the output names
                .setHeader(DescriberConstants.CORRELATION_ID, header(AWS2S3Constants.KEY))
                .doTry()
                .to("describer:video?language={{describer.language}}&category={{describer.category}}")
                // the video job's media id is on the message: the script job reuses the upload
                .to("describer:text?format=vtt&language={{describer.language}}&category={{describer.category}}")
                // the service refuses this media for good: record it, and keep the object marked as seen
                // (a dead letter channel would not: the idempotent consumer forgets failure-handled exchanges)
                .doCatch(
                        DescriberUnsupportedMediaException.class,
                        DescriberBadRequestException.class,
                        DescriberForbiddenException.class)
                .to("direct:s3-dead-letter")
                // the service's queue is full: forgotten like a failure, so a later listing brings it back
                // (the route is suspended until jobs finish)
                .doCatch(DescriberBackPressureException.class)
                .log(LoggingLevel.DEBUG, "Held back s3://${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key}")
                .rollback("Held back")
                // the job start's outcome is unknown: a job may exist and be billed, so never submit again from here.
                // The component holds the source (uncertainPolicy); an operator settles it (describer:settle)
                .doCatch(DescriberUncertainSubmissionException.class)
                .to("direct:s3-uncertain")
                // anything else (network, 401, 429, 503) surely started no job: fail, so the idempotent consumer
                // forgets the object and a later poll brings it back
                .doCatch(Exception.class)
                .log(
                        LoggingLevel.WARN,
                        "Will try s3://${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key} again: ${exception}")
                .rollback("Not described this time")
                .end()
                .end()
                .end();

        // one exchange per finished job; CamelAwsS3Key is already <source key without extension>.ad.mp4 or .ad.vtt.
        // A PUT is atomic and the key is the output's: a repeated delivery (CamelDescriberRedelivered=true) replaces it
        from("describer:results?maxMessagesPerPoll={{describer.results-per-poll}}&delay={{describer.results-delay}}")
                .routeId("s3-deliver")
                .log("Writing ${header.CamelDescriberOutputType} of job ${header.CamelDescriberJobId} to"
                        + " s3://{{s3.described-bucket}}/${header.CamelAwsS3Key}")
                .to("aws2-s3:{{s3.described-bucket}}?" + CONNECTION);

        from("direct:s3-dead-letter")
                .routeId("s3-dead-letter")
                .setHeader(DescriberConstants.ERROR_CODE, simple("${exception.code}"))
                .setHeader(
                        AWS2S3Constants.KEY,
                        simple("{{s3.failed-prefix}}${header.CamelDescriberCorrelationId}.error.txt"))
                .setHeader(AWS2S3Constants.CONTENT_TYPE, constant("text/plain; charset=utf-8"))
                .setBody(simple("${header.CamelDescriberErrorCode}\n${exception.message}\n"))
                .log(
                        LoggingLevel.WARN,
                        "Not described: ${header.CamelDescriberCorrelationId} (${header.CamelDescriberErrorCode}),"
                                + " see s3://{{s3.described-bucket}}/${header.CamelAwsS3Key}")
                // still the source object's length after a submission failure
                .removeHeader(AWS2S3Constants.CONTENT_LENGTH)
                .to("aws2-s3:{{s3.described-bucket}}?" + CONNECTION);

        // a record an operator acts on; the object stays marked as seen in this JVM, and the component holds it
        from("direct:s3-uncertain")
                .routeId("s3-uncertain")
                .setHeader(
                        AWS2S3Constants.KEY,
                        simple("{{s3.failed-prefix}}${header.CamelDescriberCorrelationId}.uncertain.txt"))
                .setHeader(AWS2S3Constants.CONTENT_TYPE, constant("text/plain; charset=utf-8"))
                .setBody(simple(FolderPipeline.UNCERTAIN_RECORD))
                .log(
                        LoggingLevel.WARN,
                        "Uncertain: ${header.CamelDescriberCorrelationId} may have started a job; see"
                                + " s3://{{s3.described-bucket}}/${header.CamelAwsS3Key}")
                .removeHeader(AWS2S3Constants.CONTENT_LENGTH)
                .to("aws2-s3:{{s3.described-bucket}}?" + CONNECTION);
    }
}
