package io.describer.camel;

import java.util.Map;

import io.describer.camel.client.DescriberException;
import io.describer.camel.client.DescriberNotFoundException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready when the service answers this endpoint's API key. The API has no health call, so the check asks for the
 * results of a job that cannot exist: "not found" proves the service is reachable and accepts the key, at no cost.
 */
final class DescriberProducerHealthCheck extends AbstractHealthCheck {

    static final String PROBE_JOB_ID = "camel-describer-health-check";

    private final DescriberEndpoint endpoint;

    DescriberProducerHealthCheck(DescriberEndpoint endpoint, String routeId) {
        super("camel", "producer:describer-" + routeId);
        this.endpoint = endpoint;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("baseUrl", endpoint.getConfiguration().getBaseUrl());
        try {
            // job starts whose outcome is unknown wait for an operator: say so wherever the service's health is read
            long uncertain = endpoint.getJobStore().countUncertain();
            builder.detail("uncertainSubmissions", uncertain);
        } catch (RuntimeException e) {
            builder.detail("uncertainSubmissions", "unknown: " + e.getMessage());
        }
        try {
            endpoint.getClient().getResults(PROBE_JOB_ID);
            builder.up();
        } catch (DescriberNotFoundException expected) {
            builder.up();
        } catch (DescriberException e) {
            builder.detail("http.status", e.getStatus()).detail("code", e.getCode());
            builder.message(e.getMessage()).error(e).down();
        } catch (Exception e) {
            builder.message("The describer API cannot be reached: " + e.getMessage())
                    .error(e)
                    .down();
        }
    }
}
