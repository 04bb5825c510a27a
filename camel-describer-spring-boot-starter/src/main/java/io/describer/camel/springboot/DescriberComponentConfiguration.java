package io.describer.camel.springboot;

import java.time.Duration;

import javax.sql.DataSource;

import io.describer.camel.DescriberConfiguration;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import io.describer.camel.job.JobStore;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code camel.component.describer.*} properties: one per option of the describer component, with the component's
 * description and default, copied onto the component by {@link DescriberComponentAutoConfiguration}. Kept in step
 * with the component's catalog JSON by {@code DescriberComponentConfigurationTest}.
 */
@ConfigurationProperties(prefix = "camel.component.describer")
public class DescriberComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the describer component. This is enabled by default.
     */
    private Boolean enabled;
    /**
     * Base URL of the API; point it at the sandbox or a test server.
     */
    private String baseUrl = "https://api.viddyscribe.com";

    /**
     * The default configuration of every describer endpoint of this component (e.g. the API key, set once as
     * camel.component.describer.api-key). The option is a io.describer.camel.DescriberConfiguration type.
     */
    private DescriberConfiguration configuration;

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as a
     * message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and therefore
     * bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook into the 3rd
     * party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler = false;

    /**
     * After a results exchange rolled back, how long until the job is delivered again.
     */
    private Duration deliveryRetryDelay = Duration.ofSeconds(30);

    /**
     * Keep downloaded audio and video files after their exchange completed, instead of deleting them.
     */
    private Boolean keepDownloads = false;

    /**
     * Directory for downloaded audio and video results; by default camel-describer under the system temporary
     * directory.
     */
    private String spoolDirectory;

    /**
     * standard_ad places descriptions in natural pauses; extended_ad pauses the video (text and video only). The
     * service defaults to extended_ad.
     */
    private AdType adType;

    /**
     * Allow descriptions over detected music when nothing better fits. Not sent unless set; the service's default is
     * true.
     */
    private Boolean allowDescriptionsOverMusic = true;

    /**
     * Audio jobs: mixed (dialogue plus narration) or ad_only (narration only).
     */
    private AudioTrackType audioTrackType;

    /**
     * Fit descriptions into detected no-speech zones when possible. Not sent unless set; the service's default is true.
     */
    private Boolean autoFit = true;

    /**
     * Video category (sent as video_category): auto, educational-lecture, educational-kids, government-meeting,
     * documentary, narrative-story, social-media, tutorial, vlog, commercial, news, entertainment, home-video,
     * video-call.
     */
    private VideoCategory category;

    /**
     * With waitForCompletion: how long to wait before the exchange fails with DescriberCompletionTimeoutException; the
     * job stays in the store for a results consumer.
     */
    private Duration completionTimeout = Duration.ofHours(1);

    /**
     * Comma-separated headers captured at submission and restored on the job's results exchange.
     */
    private String correlationHeaders =
            "CamelFileName,CamelFileNameOnly,CamelAwsS3Key,CamelAwsS3BucketName,CamelDescriberCorrelationId";

    /**
     * Captions (WebVTT, SRT or plain text) used as transcript instead of generated ones: the text itself, or a resource
     * such as classpath:captions.vtt or file:/data/captions.srt.
     */
    private String customCaptions;

    /**
     * Free-text instructions on tone, focus or length of the descriptions.
     */
    private String customInstructions;

    /**
     * Look up a dedupe key in the job store before any upload, so a redelivered source (same S3 object and ETag, same
     * unchanged file) with the same operation and generation config never starts a second billed job.
     */
    private Boolean dedupe = true;

    /**
     * An expression (simple language) for the source part of the dedupe key, e.g.
     * ${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key}/${header.CamelAwsS3ETag}. By default: bucket, key and ETag
     * for aws2-s3 messages; absolute path, size and last-modified time for files; the media id when one is given.
     */
    private String dedupeKey;

    /**
     * An existing description script to render into audio or video instead of generating one.
     */
    private String descriptionContent;

    /**
     * Format of the description script; always sent, since the service's own default is documented inconsistently.
     */
    private OutputFormat format = OutputFormat.VTT;

    /**
     * Description language, one of the 52 codes of the API (e.g. en-US, es-ES, cmn-CN); the service defaults to en-US.
     */
    private Language language;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;

    /**
     * Start jobs on media already uploaded, instead of sending the message body.
     */
    private String mediaId;

    /**
     * Read all on-screen text verbatim (slides, lower thirds); only with extended_ad. Not sent unless set; the
     * service's default is false.
     */
    private Boolean readAllOnscreenText = false;

    /**
     * A public URL (e.g. a presigned S3 link) of the media, fetched by the service, instead of sending the message
     * body.
     */
    private String sourceUrl;

    /**
     * Narration voice id for audio and video jobs (e.g. Achernar, Kore, Puck). Unknown ids are sent with a warning,
     * since the service's list is larger than the documented one.
     */
    private String voice;

    /**
     * Peak level of the description track in dBFS, from -10 to 0; only with volumeOption=max.
     */
    private Double volumeLevelDb;

    /**
     * auto, or max to set the description track's peak level with volumeLevelDb.
     */
    private VolumeOption volumeOption;

    /**
     * Text, audio and video: wait until the job ends and return its results exchange (the same headers and body the
     * results consumer emits) instead of the job record. Waiting uses no Camel thread. A redelivered source waits for
     * its existing job.
     */
    private Boolean waitForCompletion = false;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;

    /**
     * A ready API client to use instead of one built from these options (for a shared or customised client). The option
     * is a io.describer.camel.client.DescriberClient type.
     */
    private DescriberClient client;

    /**
     * Timeout to open a connection to the API.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * Longest interval between two get_results calls for one job.
     */
    private Duration jobMaxPollInterval = Duration.ofMinutes(2);

    /**
     * Shortest interval between two get_results calls for one job; jobs are re-polled at a tenth of their age, between
     * this and jobMaxPollInterval.
     */
    private Duration jobPollInterval = Duration.ofSeconds(10);

    /**
     * The job store shared by all endpoints of this component; by default an H2 file database at jobStoreLocation. The
     * option is a io.describer.camel.job.JobStore type.
     */
    private JobStore jobStore;

    /**
     * A data source for the job store, e.g. a PostgreSQL database shared by several JVMs; the schema is created on
     * first use. The option is a javax.sql.DataSource type.
     */
    private DataSource jobStoreDataSource;

    /**
     * File path (without extension) of the embedded H2 job store, used when neither jobStore nor jobStoreDataSource is
     * set
     */
    private String jobStoreLocation = ".camel-describer/jobs";

    /**
     * Table of the job store
     */
    private String jobStoreTable = "describer_job";

    /**
     * How long a node holds a claimed job; a crashed node's jobs are taken over by another once it expires.
     */
    private Duration leaseDuration = Duration.ofMinutes(5);

    /**
     * How many times a retryable failure (429 rate or concurrency limit, 409 upload_not_ready, 5xx, I/O error) is
     * retried before it is thrown.
     */
    private Integer maxRetries = 5;

    /**
     * Upper bound of one retry delay, including a retry_after asked by the service.
     */
    private Duration maxRetryDelay = Duration.ofSeconds(60);

    /**
     * Name of this node in job leases and reservations; by default host, process and a random suffix
     */
    private String nodeId;

    /**
     * Timeout to wait for an API answer once a request is sent.
     */
    private Duration readTimeout = Duration.ofSeconds(120);

    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled = true;

    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by default
     * disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    /**
     * The API key of the ViddyScribe team (header X-API-Key). Never logged or printed.
     */
    private String apiKey;

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Duration getDeliveryRetryDelay() {
        return deliveryRetryDelay;
    }

    public void setDeliveryRetryDelay(Duration deliveryRetryDelay) {
        this.deliveryRetryDelay = deliveryRetryDelay;
    }

    public Boolean getKeepDownloads() {
        return keepDownloads;
    }

    public void setKeepDownloads(Boolean keepDownloads) {
        this.keepDownloads = keepDownloads;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public AdType getAdType() {
        return adType;
    }

    public void setAdType(AdType adType) {
        this.adType = adType;
    }

    public Boolean getAllowDescriptionsOverMusic() {
        return allowDescriptionsOverMusic;
    }

    public void setAllowDescriptionsOverMusic(Boolean allowDescriptionsOverMusic) {
        this.allowDescriptionsOverMusic = allowDescriptionsOverMusic;
    }

    public AudioTrackType getAudioTrackType() {
        return audioTrackType;
    }

    public void setAudioTrackType(AudioTrackType audioTrackType) {
        this.audioTrackType = audioTrackType;
    }

    public Boolean getAutoFit() {
        return autoFit;
    }

    public void setAutoFit(Boolean autoFit) {
        this.autoFit = autoFit;
    }

    public VideoCategory getCategory() {
        return category;
    }

    public void setCategory(VideoCategory category) {
        this.category = category;
    }

    public Duration getCompletionTimeout() {
        return completionTimeout;
    }

    public void setCompletionTimeout(Duration completionTimeout) {
        this.completionTimeout = completionTimeout;
    }

    public String getCorrelationHeaders() {
        return correlationHeaders;
    }

    public void setCorrelationHeaders(String correlationHeaders) {
        this.correlationHeaders = correlationHeaders;
    }

    public String getCustomCaptions() {
        return customCaptions;
    }

    public void setCustomCaptions(String customCaptions) {
        this.customCaptions = customCaptions;
    }

    public String getCustomInstructions() {
        return customInstructions;
    }

    public void setCustomInstructions(String customInstructions) {
        this.customInstructions = customInstructions;
    }

    public Boolean getDedupe() {
        return dedupe;
    }

    public void setDedupe(Boolean dedupe) {
        this.dedupe = dedupe;
    }

    public String getDedupeKey() {
        return dedupeKey;
    }

    public void setDedupeKey(String dedupeKey) {
        this.dedupeKey = dedupeKey;
    }

    public String getDescriptionContent() {
        return descriptionContent;
    }

    public void setDescriptionContent(String descriptionContent) {
        this.descriptionContent = descriptionContent;
    }

    public OutputFormat getFormat() {
        return format;
    }

    public void setFormat(OutputFormat format) {
        this.format = format;
    }

    public Language getLanguage() {
        return language;
    }

    public void setLanguage(Language language) {
        this.language = language;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public String getMediaId() {
        return mediaId;
    }

    public void setMediaId(String mediaId) {
        this.mediaId = mediaId;
    }

    public Boolean getReadAllOnscreenText() {
        return readAllOnscreenText;
    }

    public void setReadAllOnscreenText(Boolean readAllOnscreenText) {
        this.readAllOnscreenText = readAllOnscreenText;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    public void setSourceUrl(String sourceUrl) {
        this.sourceUrl = sourceUrl;
    }

    public String getVoice() {
        return voice;
    }

    public void setVoice(String voice) {
        this.voice = voice;
    }

    public Double getVolumeLevelDb() {
        return volumeLevelDb;
    }

    public void setVolumeLevelDb(Double volumeLevelDb) {
        this.volumeLevelDb = volumeLevelDb;
    }

    public VolumeOption getVolumeOption() {
        return volumeOption;
    }

    public void setVolumeOption(VolumeOption volumeOption) {
        this.volumeOption = volumeOption;
    }

    public Boolean getWaitForCompletion() {
        return waitForCompletion;
    }

    public void setWaitForCompletion(Boolean waitForCompletion) {
        this.waitForCompletion = waitForCompletion;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public DescriberClient getClient() {
        return client;
    }

    public void setClient(DescriberClient client) {
        this.client = client;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getJobMaxPollInterval() {
        return jobMaxPollInterval;
    }

    public void setJobMaxPollInterval(Duration jobMaxPollInterval) {
        this.jobMaxPollInterval = jobMaxPollInterval;
    }

    public Duration getJobPollInterval() {
        return jobPollInterval;
    }

    public void setJobPollInterval(Duration jobPollInterval) {
        this.jobPollInterval = jobPollInterval;
    }

    public JobStore getJobStore() {
        return jobStore;
    }

    public void setJobStore(JobStore jobStore) {
        this.jobStore = jobStore;
    }

    public DataSource getJobStoreDataSource() {
        return jobStoreDataSource;
    }

    public void setJobStoreDataSource(DataSource jobStoreDataSource) {
        this.jobStoreDataSource = jobStoreDataSource;
    }

    public String getJobStoreLocation() {
        return jobStoreLocation;
    }

    public void setJobStoreLocation(String jobStoreLocation) {
        this.jobStoreLocation = jobStoreLocation;
    }

    public String getJobStoreTable() {
        return jobStoreTable;
    }

    public void setJobStoreTable(String jobStoreTable) {
        this.jobStoreTable = jobStoreTable;
    }

    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(Duration maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }
}
