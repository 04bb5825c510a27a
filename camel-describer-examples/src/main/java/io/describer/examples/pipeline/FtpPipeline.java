package io.describer.examples.pipeline;

import java.io.File;

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
 * Videos uploaded to {@code ftp.inbox} on an FTP or SFTP server ({@code ftp.scheme}) are described; the described MP4
 * and the WebVTT script are uploaded to {@code ftp.outbox} as {@code <name>.ad.mp4} / {@code <name>.ad.vtt}, rejections
 * to {@code ftp.outbox/failed/<name>.error.txt}. A processed video moves to {@code ftp.inbox/.done}. The YAML twin is
 * {@code pipelines/ftp.camel.yaml}.
 */
public class FtpPipeline extends RouteBuilder {

    /** {@code ftp.options} holds what differs between ftp and sftp (passive mode, host key checking). */
    static final String SERVER = "{{ftp.scheme}}://{{ftp.user}}@{{ftp.host}}:{{ftp.port}}";
    /** binary=true: FTP's default ASCII mode rewrites line ends, which corrupts videos both ways. */
    static final String LOGIN = "password=RAW({{ftp.password}})&{{ftp.options}}&binary=true";
    /** The remote file's identity: its local copy (see localWorkDirectory) is new on every download. */
    static final String DEDUPE_KEY =
            "dedupeKey=RAW({{ftp.scheme}}://{{ftp.host}}:{{ftp.port}}/{{ftp.inbox}}/${header.CamelFileName}"
                    + "#${header.CamelFileLength}#${header.CamelFileLastModified})";

    @Override
    public void configure() {
        // a job the service could not finish arrives on describer:results carrying this exception
        onException(DescriberJobFailedException.class).handled(true).to("direct:ftp-dead-letter");

        // localWorkDirectory: the video is streamed to a local file (not into memory), which the describer uploads.
        // The describer's dedupe key is then the remote file's name, size and time (DEDUPE_KEY), so a file redelivered
        // after a crash, before it was moved to .done, starts no second job.
        from(SERVER + "/{{ftp.inbox}}?" + LOGIN + "&includeExt={{pipeline.video-extensions}}&move=.done"
                        + "&localWorkDirectory={{pipeline.work-dir}}/ftp-download&delay={{ftp.poll-delay}}")
                .routeId("ftp-submit")
                .log("Describing {{ftp.scheme}}://{{ftp.host}}/{{ftp.inbox}}/${header.CamelFileName}")
                .setHeader(DescriberConstants.CORRELATION_ID, header(Exchange.FILE_NAME))
                // the local copy, not the remote file's listing entry
                .convertBodyTo(File.class)
                .doTry()
                .to("describer:video?language={{describer.language}}&category={{describer.category}}&" + DEDUPE_KEY)
                // the video job's media id is on the message: the script job reuses the upload
                .to("describer:text?format=vtt&language={{describer.language}}&category={{describer.category}}&"
                        + DEDUPE_KEY)
                // refused for good: record it and move the file to .done
                .doCatch(
                        DescriberUnsupportedMediaException.class,
                        DescriberBadRequestException.class,
                        DescriberForbiddenException.class)
                .to("direct:ftp-dead-letter")
                // the job start's outcome is unknown: a job may exist and be billed, so never submit again from here.
                // The component holds the source (uncertainPolicy); an operator settles it (describer:settle)
                .doCatch(DescriberUncertainSubmissionException.class)
                .to("direct:ftp-uncertain")
                // anything else (network, 401, 429, 503) surely started no job: fail, so the file stays for the
                // next poll
                .doCatch(Exception.class)
                .log(LoggingLevel.WARN, "Will try ${header.CamelFileName} again: ${exception}")
                .rollback("Not described this time")
                .end();

        // CamelFileName is already <name>.ad.mp4 or .ad.vtt; the temp name hides partial uploads from readers of
        // outbox.
        // Renamed over the output: a repeated delivery (CamelDescriberRedelivered=true) replaces it, never adds one
        from("describer:results")
                .routeId("ftp-deliver")
                .log(
                        "Uploading ${header.CamelDescriberOutputType} of job ${header.CamelDescriberJobId} to {{ftp.outbox}}/${header.CamelFileName}")
                .to(SERVER + "/{{ftp.outbox}}?" + LOGIN
                        + "&tempFileName=${file:name}.part&eagerDeleteTargetFile=false");

        from("direct:ftp-dead-letter")
                .routeId("ftp-dead-letter")
                .setHeader(DescriberConstants.ERROR_CODE, simple("${exception.code}"))
                .setHeader(Exchange.FILE_NAME, simple("${header.CamelDescriberCorrelationId}.error.txt"))
                .setBody(simple("${header.CamelDescriberErrorCode}\n${exception.message}\n"))
                .log(
                        LoggingLevel.WARN,
                        "Not described: ${header.CamelDescriberCorrelationId} (${header.CamelDescriberErrorCode})")
                .to(SERVER + "/{{ftp.outbox}}/failed?" + LOGIN);

        // a record an operator acts on; the file moves to .done, and back into the inbox after a "no-job" settlement
        from("direct:ftp-uncertain")
                .routeId("ftp-uncertain")
                .setHeader(Exchange.FILE_NAME, simple("${header.CamelDescriberCorrelationId}.uncertain.txt"))
                .setBody(simple(FolderPipeline.UNCERTAIN_RECORD))
                .log(
                        LoggingLevel.WARN,
                        "Uncertain: ${header.CamelDescriberCorrelationId} may have started a job; see"
                                + " {{ftp.outbox}}/failed/${header.CamelFileName}")
                .to(SERVER + "/{{ftp.outbox}}/failed?" + LOGIN);
    }
}
