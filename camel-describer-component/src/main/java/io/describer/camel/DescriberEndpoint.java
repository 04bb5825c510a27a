package io.describer.camel;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.describer.camel.client.ApiKeySource;
import io.describer.camel.client.ClientSettings;
import io.describer.camel.client.DescriberClient;
import io.describer.camel.client.HttpDescriberClient;
import io.describer.camel.client.RetryPolicy;
import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.job.CompletionWaiter;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.stats.EngineEvents;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;

/**
 * Make video accessible with the ViddyScribe AI audio-description service: upload media, start text, audio or video
 * description jobs, and receive their results.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "describer",
        title = "Describer",
        syntax = "describer:operation",
        category = {Category.AI, Category.SAAS},
        headersClass = DescriberConstants.class)
public class DescriberEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    /** Read when no apiKey is configured. */
    public static final String API_KEY_VARIABLE = "DESCRIBER_API_KEY";

    @UriPath(
            description = "The operation: upload, text, audio, video, or results (producer: one get_results call for"
                    + " CamelDescriberJobId; consumer: one exchange per finished job)")
    @Metadata(required = true)
    private DescriberOperation operation;

    @UriParam
    private DescriberConfiguration configuration;

    @UriParam(label = "consumer", defaultValue = "0")
    private int maxMessagesPerPoll;

    public DescriberEndpoint(
            String uri,
            DescriberComponent component,
            DescriberOperation operation,
            DescriberConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    private DescriberClient client;
    private boolean ownsClient;
    private GenerationConfig generationConfig;
    private Expression dedupeExpression;
    private Path spoolDirectory;
    private ScheduledExecutorService waitScheduler;
    private CompletionWaiter completionWaiter;
    /** The configured key, else the environment's; kept off the configuration so no URI or dump can show it. */
    private String apiKey;

    private UncertainPolicy uncertainPolicy = UncertainPolicy.HOLD;
    /** Null when no credit ceiling applies to this endpoint's job starts. */
    private CreditBudget creditBudget;
    /** Turns tenants into keys at each call. */
    private DescriberApiKeyResolver apiKeyResolver;
    /** No apiKey but a key resolver: calls without tenant ask the resolver for tenant 'default'. */
    private boolean ownKeyFromResolver;
    /** Option tenant, validated; null: the endpoint's own apiKey. */
    private String defaultTenant;
    /** One client per other tenant, on the connections of {@link #client}. */
    private final Map<String, DescriberClient> tenantClients = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        apiKey = configuration.getApiKey();
        if (apiKey == null || apiKey.isBlank()) {
            apiKey = getComponent().environmentVariable(API_KEY_VARIABLE);
        }
        apiKeyResolver = configuration.getApiKeyResolver();
        java.util.Set<DescriberApiKeyResolver> found =
                getCamelContext().getRegistry().findByType(DescriberApiKeyResolver.class);
        boolean explicitResolver = apiKeyResolver != null || found.size() == 1;
        if (apiKeyResolver == null) {
            apiKeyResolver = found.size() == 1
                    ? found.iterator().next()
                    : new PropertiesApiKeyResolver(getCamelContext(), configuration.getTenantApiKeyProperty());
        }
        try {
            defaultTenant = DescriberTenants.validate(configuration.getTenant(), "option tenant");
        } catch (DescriberTenantException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        // with a key resolver and no key of its own, the endpoint's calls without tenant go as tenant 'default'
        ownKeyFromResolver = (apiKey == null || apiKey.isBlank()) && explicitResolver;
        if (configuration.getClient() == null
                && defaultTenant == null
                && !ownKeyFromResolver
                && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException(
                    "Option apiKey is required: set it on the endpoint, or once for all endpoints as"
                            + " camel.component.describer.api-key (ideally from a vault or an environment"
                            + " variable placeholder), or set the environment variable " + API_KEY_VARIABLE);
        }
        if (configuration.getProxyHost() != null
                && !configuration.getProxyHost().isBlank()
                && configuration.getProxyPort() == null) {
            throw new IllegalArgumentException("Option proxyPort is required with proxyHost="
                    + configuration.getProxyHost() + "; valid values: a port from 1 to 65535");
        }
        URI base = URI.create(configuration.getBaseUrl());
        if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
            throw new IllegalArgumentException(
                    "Invalid value '" + configuration.getBaseUrl() + "' for option baseUrl; valid"
                            + " values: an http or https URL such as https://api.viddyscribe.com");
        }
        generationConfig = GenerationConfigResolver.fromEndpoint(getCamelContext(), configuration);
        if (operation.jobType() != null) {
            generationConfig.validateFor(operation.jobType());
        }
        if (configuration.getDedupeKey() != null
                && !configuration.getDedupeKey().isBlank()) {
            dedupeExpression =
                    getCamelContext().resolveLanguage("simple").createExpression(configuration.getDedupeKey());
        }
        uncertainPolicy = UncertainPolicy.parse(configuration.getUncertainPolicy());
        if (configuration.getReservationLease() <= 0) {
            throw new IllegalArgumentException("Invalid value " + configuration.getReservationLease()
                    + " for option reservationLease; valid values: a positive duration such as 1h");
        }
        spoolDirectory = configuration.getSpoolDirectory() != null
                ? Path.of(configuration.getSpoolDirectory())
                : Path.of(System.getProperty("java.io.tmpdir"), "camel-describer");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.isWaitForCompletion() && operation.jobType() != null && completionWaiter == null) {
            waitScheduler =
                    getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "DescriberWait", 2);
            completionWaiter = new CompletionWaiter(this, waitScheduler);
        }
        if (operation != DescriberOperation.RESULTS && operation != DescriberOperation.SETTLE) {
            // at route start: ceilings with a store that cannot keep them fail here, not at the first message
            creditBudget = CreditBudget.of(this);
        }
        if (client == null) {
            client = configuration.getClient();
            ownsClient = client == null;
            if (ownsClient) {
                ClientSettings settings = clientSettings();
                client = new HttpDescriberClient(settings, retryFor(settings, defaultTenant));
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (waitScheduler != null) {
            // no shutdownNow: its interrupts hit checks in the middle of job store writes, and an interrupted write
            // makes H2 close its file; checks that are not running yet are dropped, and stop() ends their waits
            ScheduledThreadPoolExecutor pool = waitScheduler instanceof SizedScheduledExecutorService sized
                    ? sized.getScheduledThreadPoolExecutor()
                    : waitScheduler instanceof ScheduledThreadPoolExecutor plain ? plain : null;
            if (pool != null) {
                pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            }
            getCamelContext().getExecutorServiceManager().shutdown(waitScheduler);
            completionWaiter.stop();
            waitScheduler = null;
            completionWaiter = null;
        }
        tenantClients.values().forEach(DescriberClient::close);
        tenantClients.clear();
        if (ownsClient && client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    /**
     * The results endpoint's client serves its consumer's checkers: with fewer pooled connections than checkers the
     * extra checkers only wait for a connection, so its pool holds at least one per checker.
     */
    private int checkConnections() {
        return operation == DescriberOperation.RESULTS ? configuration.getCheckConcurrency() : 0;
    }

    public ClientSettings clientSettings() throws GeneralSecurityException, IOException {
        DescriberConfiguration c = configuration;
        return ClientSettings.builder()
                .baseUrl(c.getBaseUrl())
                .apiKey(defaultTenant == null && !ownKeyFromResolver ? (apiKey != null ? apiKey : c.getApiKey()) : null)
                .apiKeySource(
                        defaultTenant != null
                                ? keySource(defaultTenant, "option tenant")
                                : ownKeyFromResolver
                                        ? keySource(DescriberTenants.DEFAULT, "no header, option tenant nor apiKey")
                                        : null)
                .connectTimeout(Duration.ofMillis(c.getConnectTimeout()))
                .readTimeout(Duration.ofMillis(c.getReadTimeout()))
                .maxRetries(c.getMaxRetries())
                .maxRetryDelay(Duration.ofMillis(c.getMaxRetryDelay()))
                .proxy(c.getProxyHost(), c.getProxyPort() != null ? c.getProxyPort() : 0)
                .proxyCredentials(c.getProxyUsername(), c.getProxyPassword())
                .sslContext(
                        c.getSslContextParameters() != null
                                ? c.getSslContextParameters().createSSLContext(getCamelContext())
                                : null)
                .maxTotalConnections(Math.max(c.getMaxTotalConnections(), checkConnections()))
                .connectionsPerRoute(Math.max(c.getConnectionsPerRoute(), checkConnections()))
                .connectionTimeToLive(
                        c.getConnectionTimeToLive() > 0 ? Duration.ofMillis(c.getConnectionTimeToLive()) : null)
                .connectionIdleTimeout(Duration.ofMillis(c.getConnectionIdleTimeout()))
                .build();
    }

    /** The component's shared call ceiling, the tenant's own 429 pauses, metrics, and back-pressure. */
    private RetryPolicy retryFor(ClientSettings settings, String tenant) {
        RetryPolicy retry = RetryPolicy.of(settings)
                .withRateLimiter(getComponent().getOrCreateRateLimiter())
                .withTeamLimiter(getComponent().getTenants().get(tenant).pauses())
                .withListener(getEvents().apiListener(tenant));
        // back-pressure: a full queue holds the source back (DescriberProducer) instead of a sleeping retry
        return getComponent().isBackPressure() ? retry.holdingBack() : retry;
    }

    private ApiKeySource keySource(String tenant, String from) {
        return getComponent().getTenants().keySource(tenant, apiKeyResolver, where(tenant, from));
    }

    /** Where a tenant's key is looked for, for messages that name no key. */
    private String where(String tenant, String from) {
        String lookup = apiKeyResolver instanceof PropertiesApiKeyResolver p
                ? "set property " + p.propertyOf(tenant)
                : "the apiKeyResolver " + apiKeyResolver + " must know it";
        return "tenant from " + from + "; " + lookup;
    }

    /**
     * The message's tenant (header CamelDescriberTenant, else option tenant), checked before any call: null for the
     * endpoint's own key; a typed failure naming the tenant when it is invalid or has no key.
     */
    public String tenantOf(org.apache.camel.Message in) throws DescriberTenantException {
        String header = in.getHeader(DescriberConstants.TENANT, String.class);
        String from = header != null ? "header " + DescriberConstants.TENANT : "option tenant";
        String tenant = header != null ? DescriberTenants.validate(header, from) : defaultTenant;
        if (tenant != null) {
            DescriberTenants.resolve(tenant, apiKeyResolver, where(tenant, from));
        }
        return tenant;
    }

    /** The client that calls with {@code tenant}'s key (null: the endpoint's own). */
    public DescriberClient clientFor(String tenant) {
        if (tenant == null || tenant.equals(defaultTenant)) {
            return client;
        }
        if (!(client instanceof HttpDescriberClient http)) {
            throw new IllegalArgumentException("Tenant '" + tenant + "' needs its own API key, but option client is a"
                    + " client of one key; leave option client unset to serve tenants");
        }
        return tenantClients.computeIfAbsent(
                tenant, t -> http.withApiKey(keySource(t, "the job store"), retryFor(http.settings(), t)));
    }

    /** Option tenant, validated: the tenant of messages without header; null for the endpoint's own key. */
    public String getDefaultTenant() {
        return defaultTenant;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new DescriberProducer(this);
    }

    /** The API client, available once the endpoint has started. */
    public DescriberClient getClient() {
        return client;
    }

    /** The endpoint's generation config, without message overrides. */
    public GenerationConfig getGenerationConfig() {
        return generationConfig;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != DescriberOperation.RESULTS) {
            throw new IllegalArgumentException("describer:" + operation + " cannot consume; the only consumer is"
                    + " describer:results (one exchange per finished job)");
        }
        requireAtLeast("checkConcurrency", configuration.getCheckConcurrency(), 1);
        requireAtLeast("downloadConcurrency", configuration.getDownloadConcurrency(), 1);
        requireAtLeast("maxMessagesPerPoll", maxMessagesPerPoll, 0);
        DescriberConsumer consumer = new DescriberConsumer(this, processor);
        consumer.setMaxMessagesPerPoll(maxMessagesPerPoll);
        configureConsumer(consumer);
        return consumer;
    }

    private static void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(
                    "Invalid value " + value + " for option " + option + "; valid values: whole numbers from " + min);
        }
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * 0 (default): claim every due job up to the free capacity of the checkers (checkConcurrency), at each poll and as
     * soon as a job falls due or checkers run short of work. A positive value: only the scheduled polls (delay) claim, at
     * most this many jobs each.
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public JobStore getJobStore() {
        return getComponent().getOrCreateJobStore();
    }

    /** Logs and metrics of the job engine (shared by the component's endpoints). */
    public EngineEvents getEvents() {
        return getComponent().getOrCreateEvents();
    }

    public String getNodeId() {
        return getComponent().getOrCreateNodeId();
    }

    public Expression getDedupeExpression() {
        return dedupeExpression;
    }

    /** Option uncertainPolicy, parsed when the endpoint was initialised. */
    public UncertainPolicy getUncertainPolicy() {
        return uncertainPolicy;
    }

    /** The credit ceilings of this endpoint's job starts, or null when none apply. */
    public CreditBudget getCreditBudget() {
        return creditBudget;
    }

    public CompletionWaiter getCompletionWaiter() {
        return completionWaiter;
    }

    public Path getSpoolDirectory() {
        return spoolDirectory;
    }

    @Override
    public DescriberComponent getComponent() {
        return (DescriberComponent) super.getComponent();
    }

    public DescriberOperation getOperation() {
        return operation;
    }

    /**
     * The operation of this endpoint.
     */
    public void setOperation(DescriberOperation operation) {
        this.operation = operation;
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The endpoint's options.
     */
    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "https";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        return Map.of("operation", operation.toString());
    }
}
