package io.describer.camel;

import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/** Options of a describer endpoint; the component holds one as the default for all its endpoints. */
@Configurer
@UriParams
public class DescriberConfiguration implements Cloneable {

    @UriParam(label = "advanced")
    private DescriberClient client;

    @UriParam(label = "security", secret = true)
    private String apiKey;

    @UriParam(label = "security")
    private String tenant;

    @UriParam(label = "security,advanced")
    @org.apache.camel.spi.Metadata(autowired = true)
    private DescriberApiKeyResolver apiKeyResolver;

    @UriParam(label = "security,advanced", defaultValue = PropertiesApiKeyResolver.DEFAULT_PATTERN)
    private String tenantApiKeyProperty = PropertiesApiKeyResolver.DEFAULT_PATTERN;

    @UriParam(label = "common", defaultValue = "https://api.viddyscribe.com")
    private String baseUrl = "https://api.viddyscribe.com";

    @UriParam(label = "advanced", defaultValue = "10s", javaType = "java.time.Duration")
    private long connectTimeout = 10_000L;

    @UriParam(label = "advanced", defaultValue = "120s", javaType = "java.time.Duration")
    private long readTimeout = 120_000L;

    @UriParam(label = "advanced", defaultValue = "5")
    private int maxRetries = 5;

    @UriParam(label = "advanced", defaultValue = "60s", javaType = "java.time.Duration")
    private long maxRetryDelay = 60_000L;

    // transport: the camel-http way (proxy, TLS, connection pool)

    @UriParam(label = "proxy")
    private String proxyHost;

    @UriParam(label = "proxy")
    private Integer proxyPort;

    @UriParam(label = "proxy,security", secret = true)
    private String proxyUsername;

    @UriParam(label = "proxy,security", secret = true)
    private String proxyPassword;

    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    @UriParam(label = "advanced", defaultValue = "200")
    private int maxTotalConnections = 200;

    @UriParam(label = "advanced", defaultValue = "100")
    private int connectionsPerRoute = 100;

    @UriParam(label = "advanced", javaType = "java.time.Duration")
    private long connectionTimeToLive = -1;

    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration")
    private long connectionIdleTimeout = 30_000L;

    @UriParam(label = "producer")
    private Language language;

    @UriParam(label = "producer")
    private VideoCategory category;

    @UriParam(label = "producer", defaultValue = "vtt")
    private OutputFormat format = OutputFormat.VTT;

    @UriParam(label = "producer")
    private AdType adType;

    @UriParam(label = "producer")
    private String voice;

    @UriParam(label = "producer")
    private String customInstructions;

    @UriParam(label = "producer")
    private Boolean readAllOnscreenText;

    @UriParam(label = "producer", defaultValue = "true")
    private Boolean autoFit;

    @UriParam(label = "producer", defaultValue = "true")
    private Boolean allowDescriptionsOverMusic;

    @UriParam(label = "producer")
    private String customCaptions;

    @UriParam(label = "producer")
    private VolumeOption volumeOption;

    @UriParam(label = "producer")
    private Double volumeLevelDb;

    @UriParam(label = "producer")
    private AudioTrackType audioTrackType;

    @UriParam(label = "producer")
    private String descriptionContent;

    @UriParam(label = "producer")
    private String mediaId;

    @UriParam(label = "producer")
    private String sourceUrl;

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The API key of the ViddyScribe team (header X-API-Key). Never logged or printed.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getTenant() {
        return tenant;
    }

    /**
     * The tenant (a ViddyScribe team with its own key, credits and limits) of messages without header
     * CamelDescriberTenant; its key comes from the apiKeyResolver. Unset: the endpoint's own apiKey (tenant
     * 'default').
     */
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public DescriberApiKeyResolver getApiKeyResolver() {
        return apiKeyResolver;
    }

    /**
     * Turns a tenant into its API key at each call (so a rotated key takes effect without a restart); a
     * DescriberApiKeyResolver or a Map of tenant to key. Default: the property named by tenantApiKeyProperty.
     */
    public void setApiKeyResolver(DescriberApiKeyResolver apiKeyResolver) {
        this.apiKeyResolver = apiKeyResolver;
    }

    public String getTenantApiKeyProperty() {
        return tenantApiKeyProperty;
    }

    /**
     * Without an apiKeyResolver: the Camel property holding a tenant's key ({tenant} is replaced), read through the
     * properties component at each call, so its value may be an {{env:...}} or vault placeholder.
     */
    public void setTenantApiKeyProperty(String tenantApiKeyProperty) {
        this.tenantApiKeyProperty = tenantApiKeyProperty;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * Base URL of the API; point it at the sandbox or a test server.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Timeout to open a connection to the API.
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    /**
     * Timeout to wait for an API answer once a request is sent.
     */
    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How many times a retryable failure (429 rate or concurrency limit, 409 upload_not_ready, 5xx, I/O error) is retried before it is thrown.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    /**
     * Upper bound of one retry delay, including a retry_after asked by the service.
     */
    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /**
     * Host of an HTTP proxy for all calls (the API and the signed storage URLs of uploads and downloads); https goes
     * through it as a CONNECT tunnel.
     */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /**
     * Port of the HTTP proxy; required with proxyHost.
     */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    /**
     * User for the proxy's Basic authentication.
     */
    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    /**
     * Password for the proxy's Basic authentication. Never logged or printed.
     */
    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * TLS settings (trust store, key store for client certificates, protocols) for https connections, e.g.
     * #bean:mySslContextParameters; by default the JVM's trust store.
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public int getMaxTotalConnections() {
        return maxTotalConnections;
    }

    /**
     * Most pooled HTTP connections of one endpoint's client, to all hosts together; the results endpoint keeps at least
     * checkConcurrency.
     */
    public void setMaxTotalConnections(int maxTotalConnections) {
        this.maxTotalConnections = maxTotalConnections;
    }

    public int getConnectionsPerRoute() {
        return connectionsPerRoute;
    }

    /**
     * Most pooled HTTP connections to one host (the API, or one storage host); calls beyond it wait for a free one. The
     * results endpoint keeps at least checkConcurrency.
     */
    public void setConnectionsPerRoute(int connectionsPerRoute) {
        this.connectionsPerRoute = connectionsPerRoute;
    }

    public long getConnectionTimeToLive() {
        return connectionTimeToLive;
    }

    /**
     * Age after which a pooled connection is closed instead of reused (e.g. to follow DNS changes); by default no
     * limit.
     */
    public void setConnectionTimeToLive(long connectionTimeToLive) {
        this.connectionTimeToLive = connectionTimeToLive;
    }

    public long getConnectionIdleTimeout() {
        return connectionIdleTimeout;
    }

    /**
     * A pooled connection idle this long is closed, before a server or load balancer drops it unannounced.
     */
    public void setConnectionIdleTimeout(long connectionIdleTimeout) {
        this.connectionIdleTimeout = connectionIdleTimeout;
    }

    public Language getLanguage() {
        return language;
    }

    /**
     * Description language, one of the 52 codes of the API (e.g. en-US, es-ES, cmn-CN); the service defaults to en-US.
     */
    public void setLanguage(Language language) {
        this.language = language;
    }

    public VideoCategory getCategory() {
        return category;
    }

    /**
     * Video category (sent as video_category): auto, educational-lecture, educational-kids, government-meeting, documentary, narrative-story, social-media, tutorial, vlog, commercial, news, entertainment, home-video, video-call.
     */
    public void setCategory(VideoCategory category) {
        this.category = category;
    }

    public OutputFormat getFormat() {
        return format;
    }

    /**
     * Format of the description script; always sent, since the service's own default is documented inconsistently.
     */
    public void setFormat(OutputFormat format) {
        this.format = format;
    }

    public AdType getAdType() {
        return adType;
    }

    /**
     * standard_ad places descriptions in natural pauses; extended_ad pauses the video (text and video only). The service defaults to extended_ad.
     */
    public void setAdType(AdType adType) {
        this.adType = adType;
    }

    public String getVoice() {
        return voice;
    }

    /**
     * Narration voice id for audio and video jobs (e.g. Achernar, Kore, Puck). Unknown ids are sent with a warning, since the service's list is larger than the documented one.
     */
    public void setVoice(String voice) {
        this.voice = voice;
    }

    public String getCustomInstructions() {
        return customInstructions;
    }

    /**
     * Free-text instructions on tone, focus or length of the descriptions.
     */
    public void setCustomInstructions(String customInstructions) {
        this.customInstructions = customInstructions;
    }

    public Boolean getReadAllOnscreenText() {
        return readAllOnscreenText;
    }

    /**
     * Read all on-screen text verbatim (slides, lower thirds); only with extended_ad. Not sent unless set; the service's default is false.
     */
    public void setReadAllOnscreenText(Boolean readAllOnscreenText) {
        this.readAllOnscreenText = readAllOnscreenText;
    }

    public Boolean getAutoFit() {
        return autoFit;
    }

    /**
     * Fit descriptions into detected no-speech zones when possible. Not sent unless set; the service's default is true.
     */
    public void setAutoFit(Boolean autoFit) {
        this.autoFit = autoFit;
    }

    public Boolean getAllowDescriptionsOverMusic() {
        return allowDescriptionsOverMusic;
    }

    /**
     * Allow descriptions over detected music when nothing better fits. Not sent unless set; the service's default is true.
     */
    public void setAllowDescriptionsOverMusic(Boolean allowDescriptionsOverMusic) {
        this.allowDescriptionsOverMusic = allowDescriptionsOverMusic;
    }

    public String getCustomCaptions() {
        return customCaptions;
    }

    /**
     * Captions (WebVTT, SRT or plain text) used as transcript instead of generated ones: the text itself, or a resource such as classpath:captions.vtt or file:/data/captions.srt.
     */
    public void setCustomCaptions(String customCaptions) {
        this.customCaptions = customCaptions;
    }

    public VolumeOption getVolumeOption() {
        return volumeOption;
    }

    /**
     * auto, or max to set the description track's peak level with volumeLevelDb.
     */
    public void setVolumeOption(VolumeOption volumeOption) {
        this.volumeOption = volumeOption;
    }

    public Double getVolumeLevelDb() {
        return volumeLevelDb;
    }

    /**
     * Peak level of the description track in dBFS, from -10 to 0; only with volumeOption=max.
     */
    public void setVolumeLevelDb(Double volumeLevelDb) {
        this.volumeLevelDb = volumeLevelDb;
    }

    public AudioTrackType getAudioTrackType() {
        return audioTrackType;
    }

    /**
     * Audio jobs: mixed (dialogue plus narration) or ad_only (narration only).
     */
    public void setAudioTrackType(AudioTrackType audioTrackType) {
        this.audioTrackType = audioTrackType;
    }

    public String getDescriptionContent() {
        return descriptionContent;
    }

    /**
     * An existing description script to render into audio or video instead of generating one.
     */
    public void setDescriptionContent(String descriptionContent) {
        this.descriptionContent = descriptionContent;
    }

    public String getMediaId() {
        return mediaId;
    }

    /**
     * Start jobs on media already uploaded, instead of sending the message body.
     */
    public void setMediaId(String mediaId) {
        this.mediaId = mediaId;
    }

    public String getSourceUrl() {
        return sourceUrl;
    }

    /**
     * A public URL (e.g. a presigned S3 link) of the media, fetched by the service, instead of sending the message body.
     */
    public void setSourceUrl(String sourceUrl) {
        this.sourceUrl = sourceUrl;
    }

    @UriParam(label = "producer", defaultValue = "false")
    private boolean waitForCompletion = false;

    @UriParam(label = "producer", defaultValue = "1h", javaType = "java.time.Duration")
    private long completionTimeout = 3_600_000L;

    @UriParam(label = "producer", defaultValue = "true")
    private boolean dedupe = true;

    @UriParam(label = "producer")
    private String dedupeKey;

    @UriParam(label = "producer", defaultValue = "1h", javaType = "java.time.Duration")
    private long reservationLease = 3_600_000L;

    @UriParam(label = "producer", defaultValue = "hold", enums = "hold,resubmit-after,resubmit")
    private String uncertainPolicy = "hold";

    @UriParam(label = "producer", defaultValue = "1h", javaType = "java.time.Duration")
    private long uncertainResubmitDelay = 3_600_000L;

    @UriParam(label = "producer", defaultValue = "0.0")
    private double creditLimitPerDay;

    @UriParam(label = "producer", defaultValue = "0.0")
    private double creditLimitPerMonth;

    @UriParam(label = "producer")
    private String budgetName;

    @UriParam(
            label = "producer",
            defaultValue =
                    "CamelFileName,CamelFileNameOnly,CamelAwsS3Key,CamelAwsS3BucketName,CamelDescriberCorrelationId")
    private String correlationHeaders =
            "CamelFileName,CamelFileNameOnly,CamelAwsS3Key,CamelAwsS3BucketName,CamelDescriberCorrelationId";

    @UriParam(label = "advanced", defaultValue = "10s", javaType = "java.time.Duration")
    private long jobPollInterval = 10_000L;

    @UriParam(label = "advanced", defaultValue = "2m", javaType = "java.time.Duration")
    private long jobMaxPollInterval = 120_000L;

    @UriParam(label = "advanced", defaultValue = "5m", javaType = "java.time.Duration")
    private long leaseDuration = 300_000L;

    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration")
    private long deliveryRetryDelay = 30_000L;

    @UriParam(label = "consumer")
    private String spoolDirectory;

    @UriParam(label = "consumer", defaultValue = "false")
    private boolean keepDownloads = false;

    @UriParam(label = "consumer", defaultValue = "128")
    private int checkConcurrency = 128;

    @UriParam(label = "consumer", defaultValue = "4")
    private int downloadConcurrency = 4;

    @UriParam(label = "advanced", defaultValue = "60s", javaType = "java.time.Duration")
    private long healthCheckInterval = 60_000L;

    public DescriberClient getClient() {
        return client;
    }

    /**
     * A ready API client to use instead of one built from these options (for a shared or customised client).
     */
    public void setClient(DescriberClient client) {
        this.client = client;
    }

    public boolean isWaitForCompletion() {
        return waitForCompletion;
    }

    /**
     * Text, audio and video: wait until the job ends and return its results exchange (the same headers and body the results consumer emits) instead of the job record. Waiting uses no Camel thread. A redelivered source waits for its existing job.
     */
    public void setWaitForCompletion(boolean waitForCompletion) {
        this.waitForCompletion = waitForCompletion;
    }

    public long getCompletionTimeout() {
        return completionTimeout;
    }

    /**
     * With waitForCompletion: how long to wait before the exchange fails with DescriberCompletionTimeoutException; the job stays in the store for a results consumer.
     */
    public void setCompletionTimeout(long completionTimeout) {
        this.completionTimeout = completionTimeout;
    }

    public boolean isDedupe() {
        return dedupe;
    }

    /**
     * Look up a dedupe key in the job store before any upload, so a redelivered source (same S3 object and ETag, same unchanged file) with the same operation and generation config never starts a second billed job.
     */
    public void setDedupe(boolean dedupe) {
        this.dedupe = dedupe;
    }

    public String getDedupeKey() {
        return dedupeKey;
    }

    /**
     * An expression (simple language) for the source part of the dedupe key, e.g. ${header.CamelAwsS3BucketName}/${header.CamelAwsS3Key}/${header.CamelAwsS3ETag}. By default: bucket, key and ETag for aws2-s3 messages; absolute path, size and last-modified time for files; the media id when one is given.
     */
    public void setDedupeKey(String dedupeKey) {
        this.dedupeKey = dedupeKey;
    }

    public long getReservationLease() {
        return reservationLease;
    }

    /**
     * How long a dedupe key stays reserved for a submission in progress (renewed during long uploads). A node that restarts releases or marks uncertain its own reservations at once; another node's expired reservation is taken over only if no job start had gone out, else it becomes an uncertain submission.
     */
    public void setReservationLease(long reservationLease) {
        this.reservationLease = reservationLease;
    }

    public String getUncertainPolicy() {
        return uncertainPolicy;
    }

    /**
     * What a source whose earlier job start has an unknown outcome (a job may exist and be billed) does: hold (wait until an operator settles it with the settle operation; the message fails with DescriberUncertainSubmissionException), resubmit-after (submit again once uncertainResubmitDelay has passed; may bill twice), or resubmit (submit again at once; may bill twice).
     */
    public void setUncertainPolicy(String uncertainPolicy) {
        this.uncertainPolicy = uncertainPolicy;
    }

    public long getUncertainResubmitDelay() {
        return uncertainResubmitDelay;
    }

    /**
     * With uncertainPolicy=resubmit-after: how long after the uncertain job start the source may be submitted again.
     */
    public void setUncertainResubmitDelay(long uncertainResubmitDelay) {
        this.uncertainResubmitDelay = uncertainResubmitDelay;
    }

    public double getCreditLimitPerDay() {
        return creditLimitPerDay;
    }

    /**
     * Most credits the job starts of this endpoint's budget (see budgetName) may spend per UTC calendar day, by their
     * estimates (media duration x the operation's multiplier); 0 for no ceiling. A job that would exceed it fails with
     * DescriberBudgetExceededException before it is started (before its upload when the day is spent already).
     */
    public void setCreditLimitPerDay(double creditLimitPerDay) {
        this.creditLimitPerDay = creditLimitPerDay;
    }

    public double getCreditLimitPerMonth() {
        return creditLimitPerMonth;
    }

    /**
     * Most credits the job starts of this endpoint's budget (see budgetName) may spend per UTC calendar month, by their
     * estimates; 0 for no ceiling. Like creditLimitPerDay, kept in the job store across restarts and nodes.
     */
    public void setCreditLimitPerMonth(double creditLimitPerMonth) {
        this.creditLimitPerMonth = creditLimitPerMonth;
    }

    public String getBudgetName() {
        return budgetName;
    }

    /**
     * The name the spending of creditLimitPerDay and creditLimitPerMonth is counted under in the job store; endpoints
     * with the same name share one budget. Default: describer: and the operation, e.g. describer:video.
     */
    public void setBudgetName(String budgetName) {
        this.budgetName = budgetName;
    }

    public String getCorrelationHeaders() {
        return correlationHeaders;
    }

    /**
     * Comma-separated headers captured at submission and restored on the job's results exchange.
     */
    public void setCorrelationHeaders(String correlationHeaders) {
        this.correlationHeaders = correlationHeaders;
    }

    public long getJobPollInterval() {
        return jobPollInterval;
    }

    /**
     * Shortest interval between two get_results calls for one job; jobs are re-polled at a tenth of their age, between this and jobMaxPollInterval.
     */
    public void setJobPollInterval(long jobPollInterval) {
        this.jobPollInterval = jobPollInterval;
    }

    public long getJobMaxPollInterval() {
        return jobMaxPollInterval;
    }

    /**
     * Longest interval between two get_results calls for one job.
     */
    public void setJobMaxPollInterval(long jobMaxPollInterval) {
        this.jobMaxPollInterval = jobMaxPollInterval;
    }

    public long getLeaseDuration() {
        return leaseDuration;
    }

    /**
     * How long a node holds a claimed job; a crashed node's jobs are taken over by another once it expires.
     */
    public void setLeaseDuration(long leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public long getDeliveryRetryDelay() {
        return deliveryRetryDelay;
    }

    /**
     * After a results exchange rolled back, how long until the job is delivered again.
     */
    public void setDeliveryRetryDelay(long deliveryRetryDelay) {
        this.deliveryRetryDelay = deliveryRetryDelay;
    }

    public String getSpoolDirectory() {
        return spoolDirectory;
    }

    /**
     * Directory for downloaded audio and video results; by default camel-describer under the system temporary directory.
     */
    public void setSpoolDirectory(String spoolDirectory) {
        this.spoolDirectory = spoolDirectory;
    }

    public boolean isKeepDownloads() {
        return keepDownloads;
    }

    /**
     * Keep downloaded audio and video files after their exchange completed, instead of deleting them.
     */
    public void setKeepDownloads(boolean keepDownloads) {
        this.keepDownloads = keepDownloads;
    }

    public int getCheckConcurrency() {
        return checkConcurrency;
    }

    /**
     * Results consumer: most get_results calls in flight at once. Checker threads are started as due jobs need them and
     * end after a minute idle, so the number running follows (calls per second) x (API latency plus the store write):
     * 10,000 jobs polled every 10 s on an API answering in 50 ms keep about 60 busy, and bursts of due times need
     * twice that to keep each check within 200 ms of its due time. Each claim takes what is due, up to twice this many
     * jobs in flight. The results endpoint's HTTP pool holds at least this many connections.
     */
    public void setCheckConcurrency(int checkConcurrency) {
        this.checkConcurrency = checkConcurrency;
    }

    public int getDownloadConcurrency() {
        return downloadConcurrency;
    }

    /**
     * Results consumer: audio and video results downloaded at once, on threads of their own so downloads never hold up
     * status checks.
     */
    public void setDownloadConcurrency(int downloadConcurrency) {
        this.downloadConcurrency = downloadConcurrency;
    }

    public long getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * How long the producer readiness check keeps an answer of the service: it asks at most once per interval, however
     * often it is probed.
     */
    public void setHealthCheckInterval(long healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public DescriberConfiguration copy() {
        try {
            return (DescriberConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        return "DescriberConfiguration[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
                + (proxyHost != null ? ", proxy=" + proxyHost + ":" + proxyPort : "")
                + ", language=" + language + ", category=" + category + ", format=" + format + ", adType=" + adType
                + "]";
    }
}
