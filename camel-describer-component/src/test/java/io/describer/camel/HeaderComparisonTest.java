package io.describer.camel;

import java.time.DayOfWeek;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.client.model.Language;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.TypeConverterSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enum headers read and compare as their lower-case text in every runtime. Spring Boot's Camel adds its conversion
 * service as the first fallback converter, and that service turns an enum into {@code name()}; the second run
 * installs a fallback that does the same.
 */
class HeaderComparisonTest {

    @ParameterizedTest(name = "enum-by-name fallback as under Spring Boot: {0}")
    @ValueSource(booleans = {false, true})
    void enumHeadersReadAndCompareAsTheirText(boolean springLikeFallback) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            if (springLikeFallback) {
                camel.getTypeConverterRegistry().addFallbackTypeConverter(new EnumByName(), true);
            }
            camel.start();
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setHeader(DescriberConstants.OUTPUT_TYPE, JobType.TEXT);
            exchange.getMessage().setHeader(DescriberConstants.JOB_STATUS, JobStatus.DONE);
            exchange.getMessage().setHeader(DescriberConstants.OPERATION, DescriberOperation.RESULTS);
            exchange.getMessage().setHeader(DescriberConstants.LANGUAGE, Language.EN_GB);
            exchange.getMessage().setHeader("Day", DayOfWeek.MONDAY);

            if (springLikeFallback) {
                // the premise: an enum without converters of its own reads as its constant name here
                assertThat(simple(camel, exchange, "${header.Day}")).isEqualTo("MONDAY");
            }
            assertThat(simple(camel, exchange, "${header.CamelDescriberOutputType}"))
                    .isEqualTo("text");
            assertThat(simple(camel, exchange, "${header.CamelDescriberLanguage}"))
                    .isEqualTo("en-GB");
            assertThat(matches(camel, exchange, "${header.CamelDescriberOutputType} == 'text'"))
                    .isTrue();
            assertThat(matches(camel, exchange, "${header.CamelDescriberJobStatus} == 'done'"))
                    .isTrue();
            assertThat(matches(camel, exchange, "${header.CamelDescriberOperation} == 'results'"))
                    .isTrue();
            assertThat(matches(camel, exchange, "${header.CamelDescriberOutputType} == 'audio'"))
                    .isFalse();
            // and back: the text form converts to the constant, as URI options are read
            assertThat(camel.getTypeConverter().convertTo(JobType.class, "video"))
                    .isEqualTo(JobType.VIDEO);
            assertThat(camel.getTypeConverter().convertTo(Language.class, "pt-br"))
                    .isEqualTo(Language.PT_BR);
        }
    }

    private static boolean matches(CamelContext camel, Exchange exchange, String predicate) {
        return camel.resolveLanguage("simple").createPredicate(predicate).matches(exchange);
    }

    private static String simple(CamelContext camel, Exchange exchange, String expression) {
        return camel.resolveLanguage("simple").createExpression(expression).evaluate(exchange, String.class);
    }

    /** What Spring's conversion service does with an enum asked for as text. */
    private static final class EnumByName extends TypeConverterSupport {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type == String.class && value instanceof Enum<?> e ? (T) e.name() : null;
        }
    }
}
