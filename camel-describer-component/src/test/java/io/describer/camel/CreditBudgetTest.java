package io.describer.camel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStores;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Credit estimates and ceilings against a stand-in of the API whose uploads report 90 s of media: jobs that would
 * exceed a ceiling fail with DescriberBudgetExceededException (to the dead-letter channel) and send no generate call;
 * the ledger is in the H2 job store, so a new CamelContext on it keeps the spending.
 */
class CreditBudgetTest {

    private static final String UPLOAD = "/enterprise/api/upload_media";
    private static final String VIDEO = "/enterprise/api/generate_ad_video";

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeEach
    void stubs() {
        api.resetAll();
        api.stubFor(post(UPLOAD)
                .willReturn(okJson(
                        "{\"media_id\":\"m-90\",\"status\":\"created\",\"duration_seconds\":90,\"frame_rate\":25}")));
        for (String type : new String[] {"text", "audio", "video"}) {
            api.stubFor(post("/enterprise/api/generate_ad_" + type).willReturn(WireMockSupport.newJob("m-90")));
        }
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    private CamelContext node(String tenantLimits, String videoOptions) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        describer.setTenantCreditLimits(tenantLimits);
        DescriberConfiguration c = describer.getConfiguration();
        c.setApiKey(WireMockSupport.API_KEY);
        c.setBaseUrl(WireMockSupport.baseUrl(api));
        c.setMaxRetries(0);
        c.setDedupe(false);
        c.setSpoolDirectory(tmp.resolve("spool").toString());
        // the teams' keys, as the default key resolver reads them
        context.getPropertiesComponent().addInitialProperty("describer.tenant.acme.api-key", "vsk_acme_key");
        context.getPropertiesComponent().addInitialProperty("describer.tenant.globex.api-key", "vsk_globex_key");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));
                from("direct:video").to("describer:video" + videoOptions);
                from("direct:audio").to("describer:audio");
                from("direct:text").to("describer:text");
                from("direct:rerender").to("describer:video?descriptionContent=WEBVTT");
            }
        });
        context.start();
        return context;
    }

    private static Exchange send(CamelContext context, String uri, String tenant) {
        return context.createProducerTemplate().request(uri, e -> {
            e.getMessage().setBody(new byte[1024]);
            if (tenant != null) {
                e.getMessage().setHeader(DescriberConstants.TENANT, tenant);
            }
        });
    }

    private static Double estimate(Exchange e) {
        return e.getMessage().getHeader(DescriberConstants.ESTIMATED_CREDITS, Double.class);
    }

    private static DescriberBudgetExceededException refusal(Exchange e) {
        Throwable t = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        assertThat(t).isInstanceOf(DescriberBudgetExceededException.class);
        return (DescriberBudgetExceededException) t;
    }

    @Test
    void estimatesFollowTheMultipliersOfEachOperation() throws Exception {
        CamelContext context = node(null, "");
        // 90 s = 1.5 minutes: video 1x, audio 0.75x (1.125, rounded up), text 0.5x, re-rendered video 0.5x
        assertThat(estimate(send(context, "direct:video", null))).isEqualTo(1.5);
        assertThat(estimate(send(context, "direct:audio", null))).isEqualTo(1.13);
        assertThat(estimate(send(context, "direct:text", null))).isEqualTo(0.75);
        assertThat(estimate(send(context, "direct:rerender", null))).isEqualTo(0.75);
    }

    @Test
    void jobsBeyondTheEndpointCeilingGoToTheDeadLetterChannelWithoutAGenerateCall() throws Exception {
        CamelContext context = node(null, "?creditLimitPerDay=4");
        MockEndpoint dead = context.getEndpoint("mock:dead", MockEndpoint.class);
        assertThat(send(context, "direct:video", null).getException()).isNull(); // 1.5
        assertThat(send(context, "direct:video", null).getException()).isNull(); // 3.0
        Exchange third = send(context, "direct:video", null); // 4.5 > 4
        DescriberBudgetExceededException e = refusal(third);
        assertThat(e.mayExist()).isFalse();
        assertThat(e.getPeriod()).isEqualTo(CreditPeriod.DAY);
        assertThat(e.getLimit()).isEqualTo(4.0);
        assertThat(e.getSpent()).isEqualTo(3.0);
        assertThat(e.getEstimate()).isEqualTo(1.5);
        assertThat(e.getBudgetName()).isEqualTo("describer:video");
        assertThat(e.getMessage())
                .contains(
                        "creditLimitPerDay", "4 credits per day (UTC)", "3 are spent", "1.5 credits", "tenant default");
        assertThat(dead.getReceivedExchanges()).hasSize(1);
        api.verify(2, postRequestedFor(urlPathEqualTo(VIDEO)));

        // a job by media id with a declared duration fits exactly: 3.0 + 1.0 = 4
        Exchange byId = context.createProducerTemplate().request("direct:video", x -> {
            x.getMessage().setHeader(DescriberConstants.MEDIA_ID, "m-60");
            x.getMessage().setHeader(DescriberConstants.MEDIA_DURATION, 60);
        });
        assertThat(byId.getException()).isNull();
        assertThat(estimate(byId)).isEqualTo(1.0);
        api.verify(3, postRequestedFor(urlPathEqualTo(UPLOAD)));

        // the day is spent: refused before the upload, so the bytes are not sent
        assertThat(refusal(send(context, "direct:video", null)).getEstimate()).isNull();
        api.verify(3, postRequestedFor(urlPathEqualTo(UPLOAD)));
        api.verify(3, postRequestedFor(urlPathEqualTo(VIDEO)));
        assertThat(dead.getReceivedExchanges()).hasSize(2);
    }

    @Test
    void tenantCeilingsStopOnlyTheirTenant() throws Exception {
        CamelContext context = node("acme=2/day,*=100/month", "");
        assertThat(send(context, "direct:video", "acme").getException()).isNull();
        Exchange refused = send(context, "direct:video", "acme");
        assertThat(refusal(refused).getTenant()).isEqualTo("acme");
        assertThat(refusal(refused).getMessage()).contains("tenant acme (option tenantCreditLimits)");
        for (int i = 0; i < 3; i++) {
            assertThat(send(context, "direct:video", "globex").getException()).isNull();
        }
        JobStore store =
                context.getComponent("describer", DescriberComponent.class).getJobStore();
        io.describer.camel.job.CreditLedger ledger = (io.describer.camel.job.CreditLedger) store;
        assertThat(ledger.spent("tenant:acme", CreditPeriod.DAY)).isEqualTo(150);
        assertThat(ledger.spent("tenant:globex", CreditPeriod.MONTH)).isEqualTo(450);
        api.verify(4, postRequestedFor(urlPathEqualTo(VIDEO)));
    }

    @Test
    void aStartRefusedByTheServiceGivesItsCreditsBackAnUncertainOneKeepsThem() throws Exception {
        CamelContext context = node(null, "?creditLimitPerDay=10");
        io.describer.camel.job.CreditLedger ledger = (io.describer.camel.job.CreditLedger)
                context.getComponent("describer", DescriberComponent.class).getJobStore();
        api.stubFor(post(VIDEO)
                .willReturn(
                        aResponse().withStatus(400).withBody("{\"error\":\"invalid_request\",\"message\":\"bad\"}")));
        assertThat(send(context, "direct:video", null).getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                .isInstanceOf(io.describer.camel.client.DescriberException.class);
        assertThat(ledger.spent("endpoint:describer:video", CreditPeriod.DAY)).isZero();
        api.stubFor(post(VIDEO).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"internal\"}")));
        Throwable uncertain =
                send(context, "direct:video", null).getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        assertThat(uncertain).isInstanceOf(io.describer.camel.client.DescriberUncertainSubmissionException.class);
        assertThat(ledger.spent("endpoint:describer:video", CreditPeriod.DAY)).isEqualTo(150);
    }

    @Test
    void ceilingsHoldAcrossARestartOnTheSameStore() throws Exception {
        CamelContext first = node(null, "?creditLimitPerDay=4");
        send(first, "direct:video", null);
        send(first, "direct:video", null);
        first.stop();
        CamelContext second = node(null, "?creditLimitPerDay=4");
        assertThat(refusal(send(second, "direct:video", null)).getSpent()).isEqualTo(3.0);
        api.verify(2, postRequestedFor(urlPathEqualTo(VIDEO)));
    }

    @Test
    void aDuplicateSpendsNothing() throws Exception {
        CamelContext context = node(null, "?creditLimitPerDay=2&dedupe=true&dedupeKey=${header.src}");
        for (int i = 0; i < 3; i++) {
            Exchange e = context.createProducerTemplate().request("direct:video", x -> {
                x.getMessage().setBody(new byte[1024]);
                x.getMessage().setHeader("src", "same-object");
            });
            assertThat(e.getException()).isNull();
        }
        api.verify(1, postRequestedFor(urlPathEqualTo(VIDEO)));
    }

    @Test
    void mediaByIdWithoutADurationIsRefusedUnderACeilingBeforeAnyCall() throws Exception {
        CamelContext context = node(null, "?creditLimitPerMonth=100");
        Exchange e = context.createProducerTemplate()
                .request("direct:video", x -> x.getMessage().setHeader(DescriberConstants.MEDIA_ID, "m-x"));
        assertThat(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(DescriberConstants.MEDIA_DURATION);
        api.verify(0, postRequestedFor(urlPathEqualTo(VIDEO)));
    }

    @Test
    void underACeilingASourceUrlIsRegisteredFirstToLearnItsDuration() throws Exception {
        CamelContext context = node(null, "?creditLimitPerDay=5");
        Exchange e = context.createProducerTemplate()
                .request(
                        "direct:video",
                        x -> x.getMessage().setHeader(DescriberConstants.SOURCE_URL, "https://example.com/talk.mp4"));
        assertThat(e.getException()).isNull();
        assertThat(estimate(e)).isEqualTo(1.5);
        api.verify(1, postRequestedFor(urlPathEqualTo(UPLOAD)).withRequestBody(containing("\"url\"")));
        api.verify(1, postRequestedFor(urlPathEqualTo(VIDEO)).withRequestBody(containing("\"media_id\"")));
    }

    @Test
    void anUploadWithoutADurationIsEstimatedFromTheDeclaredOne() throws Exception {
        api.stubFor(post(UPLOAD).willReturn(okJson("{\"media_id\":\"m-n\",\"status\":\"created\"}")));
        CamelContext context = node(null, "?creditLimitPerDay=5");
        Exchange undeclared = send(context, "direct:video", null);
        assertThat(undeclared.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class))
                .hasMessageContaining(DescriberConstants.MEDIA_DURATION);
        Exchange declared = context.createProducerTemplate().request("direct:video", x -> {
            x.getMessage().setBody(new byte[1024]);
            x.getMessage().setHeader(DescriberConstants.MEDIA_DURATION, "120");
        });
        assertThat(declared.getException()).isNull();
        assertThat(estimate(declared)).isEqualTo(2.0);
        api.verify(1, postRequestedFor(urlPathEqualTo(VIDEO)));
    }

    @Test
    void aCustomStoreWithoutALedgerFailsARouteWithCeilingsAtStart() {
        JobStore plain = JobStores.h2File(tmp.resolve("plain"));
        JobStore noLedger = (JobStore) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(plain, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStore(noLedger);
        describer.getConfiguration().setApiKey(WireMockSupport.API_KEY);
        assertThatThrownBy(() -> {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:video").to("describer:video?creditLimitPerMonth=100");
                        }
                    });
                    context.start();
                })
                .hasStackTraceContaining("need a job store that keeps a credit ledger")
                .hasStackTraceContaining("creditLimitPerDay, creditLimitPerMonth");
        plain.close();
    }

    @Test
    void badCeilingsFailAtRouteStart() {
        assertThatThrownBy(() -> node("acme=lots/day", "")).hasStackTraceContaining("tenantCreditLimits");
        assertThatThrownBy(() -> node("acme=5/week", "")).hasStackTraceContaining("valid values: day, month");
        assertThatThrownBy(() -> node(null, "?creditLimitPerDay=-1")).hasStackTraceContaining("creditLimitPerDay");
    }
}
