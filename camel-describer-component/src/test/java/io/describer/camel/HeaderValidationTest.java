package io.describer.camel;

import java.nio.file.Path;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad header value fails its message before any call, and the error names the header it came from (the route's own
 * options were checked at start, so naming only the option would send the user looking in the wrong place).
 */
class HeaderValidationTest extends CamelTestSupport {

    @RegisterExtension
    static final WireMockExtension api = WireMockSupport.extension();

    @TempDir
    Path tmp;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        WireMockSupport.useJobStore(context, tmp);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        String common = "apiKey=" + WireMockSupport.API_KEY + "&baseUrl=" + WireMockSupport.baseUrl(api);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:text").to("describer:text?" + common);
                from("direct:audio").to("describer:audio?" + common + "&volumeOption=max&volumeLevelDb=-5");
            }
        };
    }

    @AfterEach
    void nothingWasSent() {
        api.verify(0, postRequestedFor(WireMock.anyUrl()));
    }

    private void send(String uri, Map<String, Object> headers) {
        template.sendBodyAndHeaders(uri, null, headers);
    }

    @Test
    void badEnumHeaderNamesTheHeaderTheOptionAndTheValidValues() {
        assertThatThrownBy(() -> send(
                        "direct:text",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.CATEGORY, "sports")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sports'")
                .hasMessageContaining("header CamelDescriberCategory")
                .hasMessageContaining("option category")
                .hasMessageContaining("educational-lecture");
    }

    @Test
    void badBooleanAndNumberHeadersNameTheHeader() {
        assertThatThrownBy(() -> send(
                        "direct:text",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.AUTO_FIT, "sometimes")))
                .rootCause()
                .hasMessageContaining("header CamelDescriberAutoFit")
                .hasMessageContaining("true, false");
        assertThatThrownBy(() -> send(
                        "direct:audio",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, "quiet")))
                .rootCause()
                .hasMessageContaining("header CamelDescriberVolumeLevelDb")
                .hasMessageContaining("-10 to 0");
    }

    @Test
    void combinationBrokenByAHeaderNamesThatHeader() {
        // the endpoint's volumeOption=max + volumeLevelDb=-5 is valid; the header's auto makes the level meaningless
        assertThatThrownBy(() -> send(
                        "direct:audio",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_OPTION, "auto")))
                .rootCause()
                .hasMessageContaining("volumeLevelDb=-5.0 only applies with volumeOption=max")
                .hasMessageContaining("header CamelDescriberVolumeOption");
        assertThatThrownBy(() -> send(
                        "direct:audio",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, -11)))
                .rootCause()
                .hasMessageContaining("volumeLevelDb=-11.0 is outside the valid range -10..0")
                .hasMessageContaining("header CamelDescriberVolumeLevelDb");
        assertThatThrownBy(() -> send(
                        "direct:text",
                        Map.of(
                                DescriberConstants.MEDIA_ID,
                                "m-1",
                                DescriberConstants.AD_TYPE,
                                "standard_ad",
                                DescriberConstants.READ_ALL_ONSCREEN_TEXT,
                                true)))
                .rootCause()
                .hasMessageContaining("readAllOnscreenText=true only applies with adType=extended_ad")
                .hasMessageContaining("header CamelDescriberReadAllOnscreenText")
                .hasMessageContaining("header CamelDescriberAdType");
    }

    @Test
    void levelHeaderWithoutVolumeOptionMaxIsRefused() {
        assertThatThrownBy(() -> send(
                        "direct:text",
                        Map.of(DescriberConstants.MEDIA_ID, "m-1", DescriberConstants.VOLUME_LEVEL_DB, -5)))
                .rootCause()
                .hasMessageContaining("volumeOption is not set")
                .hasMessageContaining("header CamelDescriberVolumeLevelDb");
    }
}
