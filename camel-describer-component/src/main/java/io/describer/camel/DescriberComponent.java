package io.describer.camel;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import io.describer.camel.client.model.AdType;
import io.describer.camel.client.model.ApiValue;
import io.describer.camel.client.model.AudioTrackType;
import io.describer.camel.client.model.Language;
import io.describer.camel.client.model.OutputFormat;
import io.describer.camel.client.model.VideoCategory;
import io.describer.camel.client.model.VolumeOption;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/** Creates {@code describer:operation} endpoints for the ViddyScribe audio-description API. */
@Component("describer")
public class DescriberComponent extends HealthCheckComponent {

    @Metadata
    private DescriberConfiguration configuration = new DescriberConfiguration();

    @Metadata(
            label = "advanced",
            autowired = true,
            description = "The job store shared by all endpoints of this component; by default an H2 file database at"
                    + " jobStoreLocation")
    private JobStore jobStore;

    @Metadata(
            label = "advanced",
            description =
                    "A data source for the job store, e.g. a PostgreSQL database shared by several JVMs; the schema"
                            + " is created on first use")
    private DataSource jobStoreDataSource;

    @Metadata(
            label = "advanced",
            defaultValue = ".camel-describer/jobs",
            description = "File path (without extension) of the embedded H2 job store, used when neither jobStore nor"
                    + " jobStoreDataSource is set")
    private String jobStoreLocation = ".camel-describer/jobs";

    @Metadata(label = "advanced", defaultValue = "describer_job", description = "Table of the job store")
    private String jobStoreTable = "describer_job";

    @Metadata(
            label = "advanced",
            description =
                    "Name of this node in job leases and reservations; by default host, process and a random suffix")
    private String nodeId;

    private boolean ownsJobStore;
    /** Where the API key's fallback is read; replaced in tests. */
    private UnaryOperator<String> environment = System::getenv;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DescriberOperation operation = DescriberOperation.parse(remaining);
        normalizeEnumOptions(parameters);
        DescriberEndpoint endpoint = new DescriberEndpoint(uri, this, operation, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Turns enum option values into constants with our own lenient parser, so a bad value fails endpoint creation (route
     * start) with the option, the value and the valid values, instead of Camel's generic conversion error.
     */
    private static void normalizeEnumOptions(Map<String, Object> parameters) {
        normalize(parameters, "language", Language.class);
        normalize(parameters, "category", VideoCategory.class);
        normalize(parameters, "format", OutputFormat.class);
        normalize(parameters, "adType", AdType.class);
        normalize(parameters, "volumeOption", VolumeOption.class);
        normalize(parameters, "audioTrackType", AudioTrackType.class);
    }

    private static <E extends Enum<E> & ApiValue> void normalize(
            Map<String, Object> parameters, String option, Class<E> type) {
        for (Map.Entry<String, Object> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(option) && e.getValue() instanceof String s) {
                e.setValue(ApiValue.parse(type, option, s));
            }
        }
    }

    /** The job store, created on first use from the component's options. */
    public synchronized JobStore getOrCreateJobStore() {
        if (jobStore == null) {
            if (jobStoreDataSource != null) {
                jobStore = JobStores.forDataSource(jobStoreDataSource, jobStoreTable, Clock.systemUTC());
            } else {
                jobStore =
                        JobStores.h2File(Path.of(jobStoreLocation).toAbsolutePath(), jobStoreTable, Clock.systemUTC());
            }
            ownsJobStore = true;
        }
        return jobStore;
    }

    /** The value of an environment variable, or null. */
    String environmentVariable(String name) {
        return environment.apply(name);
    }

    void setEnvironment(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** This node's name in leases: stable for the component's life, unique across JVMs. */
    public synchronized String getOrCreateNodeId() {
        if (nodeId == null) {
            nodeId = ProcessHandle.current().pid() + "@" + hostName() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
        return nodeId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (ownsJobStore && jobStore != null) {
            jobStore.close();
            jobStore = null;
            ownsJobStore = false;
        }
        super.doStop();
    }

    public JobStore getJobStore() {
        return jobStore;
    }

    /**
     * The job store shared by all endpoints of this component; by default an H2 file database at jobStoreLocation.
     */
    public void setJobStore(JobStore jobStore) {
        this.jobStore = jobStore;
    }

    public DataSource getJobStoreDataSource() {
        return jobStoreDataSource;
    }

    /**
     * A data source for the job store, e.g. a PostgreSQL database shared by several JVMs; the schema is created on first
     * use.
     */
    public void setJobStoreDataSource(DataSource jobStoreDataSource) {
        this.jobStoreDataSource = jobStoreDataSource;
    }

    public String getJobStoreLocation() {
        return jobStoreLocation;
    }

    /**
     * File path (without extension) of the embedded H2 job store, used when neither jobStore nor jobStoreDataSource is
     * set.
     */
    public void setJobStoreLocation(String jobStoreLocation) {
        this.jobStoreLocation = jobStoreLocation;
    }

    public String getJobStoreTable() {
        return jobStoreTable;
    }

    /**
     * Table of the job store.
     */
    public void setJobStoreTable(String jobStoreTable) {
        this.jobStoreTable = jobStoreTable;
    }

    public String getNodeId() {
        return nodeId;
    }

    /**
     * Name of this node in job leases and reservations; by default host, process and a random suffix.
     */
    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public DescriberConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The default configuration of every describer endpoint of this component (e.g. the API key, set once as
     * camel.component.describer.api-key).
     */
    public void setConfiguration(DescriberConfiguration configuration) {
        this.configuration = configuration;
    }
}
