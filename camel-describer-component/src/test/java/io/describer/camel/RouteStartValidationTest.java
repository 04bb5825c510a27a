package io.describer.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad option fails the route at start, naming the option, the bad value and the valid values. */
class RouteStartValidationTest {

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void startRoute(String uri) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to(uri);
                }
            });
            context.start();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "describer:video?apiKey=k&language=xx-XX|language|'xx-XX'|en-US, en-GB",
                "describer:video?apiKey=k&language=es_MX|language|'es_MX'|es-ES, es-US",
                "describer:text?apiKey=k&category=sports|category|'sports'|educational-lecture, educational-kids",
                "describer:text?apiKey=k&format=docx|format|'docx'|json, vtt, srt, edl",
                "describer:video?apiKey=k&adType=long|adType|'long'|standard_ad, extended_ad",
                "describer:audio?apiKey=k&volumeOption=loud|volumeOption|'loud'|auto, max",
                "describer:audio?apiKey=k&audioTrackType=stereo|audioTrackType|'stereo'|mixed, ad_only",
            })
    void badEnumValueFailsAtRouteStart(String uri, String option, String value, String someValid) {
        assertThatThrownBy(() -> startRoute(uri))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("option " + option)
                        .contains(value)
                        .contains("valid values")
                        .contains(someValid));
    }

    @Test
    void allFiftyTwoLanguagesAreListed() {
        assertThatThrownBy(() -> startRoute("describer:text?apiKey=k&language=klingon"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("cmn-CN", "ar-XA", "sl-SI", "pa-IN"));
    }

    @Test
    void extendedAdOnAudioFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:audio?apiKey=k&adType=extended_ad"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("adType=extended_ad")
                        .contains("audio")
                        .contains("standard_ad"));
    }

    @Test
    void volumeLevelOutsideRangeFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:video?apiKey=k&volumeOption=max&volumeLevelDb=3"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("volumeLevelDb=3.0")
                        .contains("-10..0"));
        assertThatThrownBy(() -> startRoute("describer:video?apiKey=k&volumeOption=max&volumeLevelDb=-12.5"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("volumeLevelDb=-12.5"));
    }

    @Test
    void volumeLevelWithoutVolumeOptionMaxFailsAtRouteStart() {
        // the service ignores a level unless volumeOption=max: a route that sets one alone would not do what it says
        assertThatThrownBy(() -> startRoute("describer:audio?apiKey=k&volumeLevelDb=-5"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("volumeLevelDb=-5.0 only applies with volumeOption=max")
                        .contains("volumeOption is not set"));
        assertThatThrownBy(() -> startRoute("describer:video?apiKey=k&volumeOption=auto&volumeLevelDb=-5"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("got volumeOption=auto"));
    }

    @Test
    void onscreenTextWithStandardAdFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:video?apiKey=k&adType=standard_ad&readAllOnscreenText=true"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("readAllOnscreenText")
                        .contains("extended_ad"));
    }

    @Test
    void unknownOperationFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:transcribe?apiKey=k"))
                .satisfies(e -> assertThat(rootCause(e).getMessage())
                        .contains("'transcribe'")
                        .contains("upload, text, audio, video, results"));
    }

    @Test
    void missingApiKeyFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:video?language=en-US"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("apiKey is required"));
    }

    @Test
    void missingCaptionsResourceFailsAtRouteStart() {
        assertThatThrownBy(() -> startRoute("describer:text?apiKey=k&customCaptions=classpath:nope/missing.vtt"))
                .satisfies(e -> assertThat(rootCause(e).getMessage()).contains("classpath:nope/missing.vtt"));
    }

    @Test
    void validOptionsInEveryFormStart() throws Exception {
        // URI slug, constant name and the API's own string are all accepted, case-insensitively
        startRoute("describer:video?apiKey=k&language=es-es&category=HOME_VIDEO&format=SRT&adType=STANDARD_AD"
                + "&volumeOption=max&volumeLevelDb=-5");
        startRoute(
                "describer:audio?apiKey=k&language=cmn-CN&category=home-video&audioTrackType=ad_only&adType=standard_ad");
    }
}
