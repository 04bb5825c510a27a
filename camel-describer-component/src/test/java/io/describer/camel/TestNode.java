package io.describer.camel;

import org.apache.camel.CamelContext;

/** The set-up the fault and crash tests share for a node on the embedded store. */
final class TestNode {

    private TestNode() {}

    /**
     * The describer component of {@code context} with its default store in {@code storeLocation}, the test API key,
     * the simulator at {@code baseUrl} and polls every 20-100 ms so that results arrive within a test's wait.
     */
    static DescriberComponent describer(CamelContext context, String storeLocation, String baseUrl) {
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(storeLocation);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(baseUrl);
        c.setJobPollInterval(20);
        c.setJobMaxPollInterval(100);
        return describer;
    }
}
