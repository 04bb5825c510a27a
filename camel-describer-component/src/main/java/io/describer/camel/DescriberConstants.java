package io.describer.camel;

import org.apache.camel.spi.Metadata;

/** Message headers read and written by the describer component. */
public final class DescriberConstants {

    @Metadata(
            description = "The operation to perform, overriding the endpoint's.",
            javaType = "io.describer.camel.DescriberOperation",
            label = "producer")
    public static final String OPERATION = "CamelDescriberOperation";

    @Metadata(
            description =
                    "The job id: set after a job is started; read by the results operation; set on every results exchange.",
            javaType = "String")
    public static final String JOB_ID = "CamelDescriberJobId";

    @Metadata(
            description = "The media id: when present on a message, jobs are started on this media without an upload;"
                    + " set after an upload or a job start, and on results.",
            javaType = "String")
    public static final String MEDIA_ID = "CamelDescriberMediaId";

    @Metadata(
            description = "The job status: queued, processing, done or failed.",
            javaType = "io.describer.camel.client.model.JobStatus")
    public static final String JOB_STATUS = "CamelDescriberJobStatus";

    @Metadata(
            description = "A public URL of the media for the service to fetch, overriding the endpoint's sourceUrl.",
            javaType = "String",
            label = "producer")
    public static final String SOURCE_URL = "CamelDescriberSourceUrl";

    @Metadata(
            description = "What a results exchange carries: text, audio or video.",
            javaType = "io.describer.camel.client.model.JobType",
            label = "consumer")
    public static final String OUTPUT_TYPE = "CamelDescriberOutputType";

    @Metadata(
            description = "Output format of the description script (json, vtt, srt, edl), overriding the endpoint's; on"
                    + " results, the format of the script.",
            javaType = "String")
    public static final String FORMAT = "CamelDescriberFormat";

    @Metadata(
            description = "Description language, overriding the endpoint's (e.g. es-ES).",
            javaType = "io.describer.camel.client.model.Language",
            label = "producer")
    public static final String LANGUAGE = "CamelDescriberLanguage";

    @Metadata(
            description = "Video category slug, overriding the endpoint's (e.g. news).",
            javaType = "io.describer.camel.client.model.VideoCategory",
            label = "producer")
    public static final String CATEGORY = "CamelDescriberCategory";

    @Metadata(
            description = "Audio description type, overriding the endpoint's.",
            javaType = "io.describer.camel.client.model.AdType",
            label = "producer")
    public static final String AD_TYPE = "CamelDescriberAdType";

    @Metadata(description = "Narration voice id, overriding the endpoint's.", javaType = "String", label = "producer")
    public static final String VOICE = "CamelDescriberVoice";

    @Metadata(description = "Custom instructions, overriding the endpoint's.", javaType = "String", label = "producer")
    public static final String CUSTOM_INSTRUCTIONS = "CamelDescriberCustomInstructions";

    @Metadata(
            description = "Whether all on-screen text is read verbatim, overriding the endpoint's.",
            javaType = "Boolean",
            label = "producer")
    public static final String READ_ALL_ONSCREEN_TEXT = "CamelDescriberReadAllOnscreenText";

    @Metadata(
            description = "Whether descriptions are fitted into no-speech zones, overriding the endpoint's.",
            javaType = "Boolean",
            label = "producer")
    public static final String AUTO_FIT = "CamelDescriberAutoFit";

    @Metadata(
            description = "Whether descriptions may play over music, overriding the endpoint's.",
            javaType = "Boolean",
            label = "producer")
    public static final String ALLOW_DESCRIPTIONS_OVER_MUSIC = "CamelDescriberAllowDescriptionsOverMusic";

    @Metadata(
            description =
                    "Caption text (WebVTT, SRT or plain) used as transcript, overriding the endpoint's; the text itself, never a"
                            + " resource to read.",
            javaType = "String",
            label = "producer")
    public static final String CUSTOM_CAPTIONS = "CamelDescriberCustomCaptions";

    @Metadata(
            description = "Volume option of the description track, overriding the endpoint's.",
            javaType = "io.describer.camel.client.model.VolumeOption",
            label = "producer")
    public static final String VOLUME_OPTION = "CamelDescriberVolumeOption";

    @Metadata(
            description = "Peak level of the description track in dBFS (-10..0), overriding the endpoint's.",
            javaType = "Double",
            label = "producer")
    public static final String VOLUME_LEVEL_DB = "CamelDescriberVolumeLevelDb";

    @Metadata(
            description = "Audio track type of an audio job, overriding the endpoint's.",
            javaType = "io.describer.camel.client.model.AudioTrackType",
            label = "producer")
    public static final String AUDIO_TRACK_TYPE = "CamelDescriberAudioTrackType";

    @Metadata(
            description = "An existing description script to render, overriding the endpoint's.",
            javaType = "String",
            label = "producer")
    public static final String DESCRIPTION_CONTENT = "CamelDescriberDescriptionContent";

    @Metadata(
            description =
                    "Duration of the uploaded media in seconds, when the API gives it. On a job start by media id (or above the direct upload limit), read for the credit estimate.",
            javaType = "Double",
            label = "producer")
    public static final String MEDIA_DURATION = "CamelDescriberMediaDuration";

    @Metadata(
            description = "Frame rate of the uploaded media, when the API gives it.",
            javaType = "Double",
            label = "producer")
    public static final String FRAME_RATE = "CamelDescriberFrameRate";

    @Metadata(
            description = "A correlation id captured at submission and restored on the job's results exchange.",
            javaType = "String")
    public static final String CORRELATION_ID = "CamelDescriberCorrelationId";

    @Metadata(
            description = "True when the message was recognised by its dedupe key as already submitted: the headers"
                    + " name the existing job and nothing new was started.",
            javaType = "Boolean",
            label = "producer")
    public static final String DUPLICATE = "CamelDescriberDuplicate";

    @Metadata(
            description = "On a results exchange: true when an earlier results exchange of the same job may have"
                    + " reached the route without its delivery being recorded (a crash, or a rolled back exchange),"
                    + " so this one is a re-emission; write outputs idempotently (same name, overwrite).",
            javaType = "Boolean",
            label = "consumer")
    public static final String REDELIVERED = "CamelDescriberRedelivered";

    @Metadata(description = "The machine code of a failed job's error.", javaType = "String", label = "consumer")
    public static final String ERROR_CODE = "CamelDescriberErrorCode";

    @Metadata(
            description = "The dedupe key of a submission: set on a DescriberUncertainSubmissionException's message"
                    + " when the job start's outcome is unknown; the settle operation reads it to know which"
                    + " uncertain submission to settle.",
            javaType = "String",
            label = "producer")
    public static final String DEDUPE_KEY = "CamelDescriberDedupeKey";

    @Metadata(
            description = "The settle operation's verdict: job (the job named by CamelDescriberJobId exists: it is"
                    + " tracked and delivered) or no-job (nothing was started: the source may be submitted again).",
            javaType = "String",
            label = "producer",
            enums = "job,no-job")
    public static final String SETTLEMENT = "CamelDescriberSettlement";

    @Metadata(
            description = "The tenant (a ViddyScribe team) whose API key submits this message and polls its job;"
                    + " overriding the endpoint's tenant. Set on results exchanges. Never the key itself.",
            javaType = "String")
    public static final String TENANT = "CamelDescriberTenant";

    @Metadata(
            description = "Credits the job is estimated to cost (media duration x the operation's multiplier), set"
                    + " after the upload and before the job starts.",
            javaType = "Double")
    public static final String ESTIMATED_CREDITS = "CamelDescriberEstimatedCredits";

    private DescriberConstants() {}
}
