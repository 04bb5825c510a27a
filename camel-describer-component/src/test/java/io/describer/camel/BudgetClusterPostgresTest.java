package io.describer.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.job.CreditLedger;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.jdbc.TestPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (two CamelContexts with their own components) on one real PostgreSQL job store submit concurrently against
 * one endpoint ceiling and one tenant ceiling: together they never start more jobs than the ceilings allow.
 */
class BudgetClusterPostgresTest {

    private static TestPostgres.Database postgres;

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeAll
    static void newDatabase() {
        postgres = TestPostgres.newDatabase();
    }

    @AfterEach
    void stopNodes() {
        contexts.forEach(CamelContext::stop);
    }

    private CamelContext node(String nodeId) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreDataSource(postgres.dataSource());
        describer.setJobStoreTable("budget_cluster");
        describer.setNodeId(nodeId);
        describer.setTenantCreditLimits("acme=30/month");
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(WireMockSupport.baseUrl(api));
        c.setMaxRetries(0);
        c.setDedupe(false);
        // the team's key, as the default key resolver reads it
        context.getPropertiesComponent().addInitialProperty("describer.tenant.acme.api-key", "vsk_acme_key");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:video").to("describer:video?creditLimitPerDay=20");
            }
        });
        context.start();
        return context;
    }

    @Test
    void twoNodesSubmittingAtOnceNeverOverspendTheirSharedCeilings() throws Exception {
        api.stubFor(post("/enterprise/api/generate_ad_video").willReturn(WireMockSupport.newJob("m")));
        List<CamelContext> nodes = List.of(node("node-a"), node("node-b"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Exchange>> sent = new ArrayList<>();
        try {
            // 60 jobs of one credit each (60 s of video by media id): the day ceiling of 20 is the tighter one
            for (int i = 0; i < 60; i++) {
                CamelContext node = nodes.get(i % 2);
                String media = "m-" + i;
                sent.add(pool.submit(() -> node.createProducerTemplate().request("direct:video", x -> {
                    x.getMessage().setHeader(DescriberConstants.MEDIA_ID, media);
                    x.getMessage().setHeader(DescriberConstants.MEDIA_DURATION, 60);
                    x.getMessage().setHeader(DescriberConstants.TENANT, "acme");
                })));
            }
            int started = 0;
            int refused = 0;
            for (Future<Exchange> f : sent) {
                Exception e = f.get().getException();
                if (e == null) {
                    started++;
                } else {
                    assertThat(e).isInstanceOf(DescriberBudgetExceededException.class);
                    refused++;
                }
            }
            assertThat(started).isEqualTo(20);
            assertThat(refused).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        api.verify(20, postRequestedFor(urlPathEqualTo("/enterprise/api/generate_ad_video")));
        CreditLedger ledger = (CreditLedger)
                nodes.get(1).getComponent("describer", DescriberComponent.class).getJobStore();
        assertThat(ledger.spent("endpoint:describer:video", CreditPeriod.DAY)).isEqualTo(2000);
        assertThat(ledger.spent("tenant:acme", CreditPeriod.MONTH)).isEqualTo(2000);
    }
}
