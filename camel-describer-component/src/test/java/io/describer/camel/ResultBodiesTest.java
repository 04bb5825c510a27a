package io.describer.camel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.describer.camel.client.Json;
import io.describer.camel.client.model.JobOutput;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.MediaRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Result bodies marshal with camel-jackson and convert to String and InputStream as the API's JSON. */
class ResultBodiesTest {

    private static final JobResults RESULTS = new JobResults(
            "t1",
            JobStatus.DONE,
            "m1",
            null,
            "2026-12-01T10:00:00Z",
            null,
            "https://storage.example.com/a.wav?sig=1",
            null,
            null,
            null);

    @Test
    void resultBodiesMarshalWithCamelJackson() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:json").marshal().json();
                }
            });
            context.start();
            String json = context.createProducerTemplate().requestBody("direct:json", RESULTS, String.class);
            String media = context.createProducerTemplate()
                    .requestBody(
                            "direct:json",
                            new MediaRecord("m1", "completed", 12.5, 25.0, null, null, null),
                            String.class);

            assertThat(Json.MAPPER.readTree(json).get("job_id").asText()).isEqualTo("t1");
            assertThat(Json.MAPPER.readTree(json).get("audio_signed_url").asText())
                    .isEqualTo("https://storage.example.com/a.wav?sig=1");
            // read back as the model: nothing is lost on the way
            assertThat(Json.MAPPER.readValue(json, JobResults.class)).isEqualTo(RESULTS);
            assertThat(Json.MAPPER.readTree(media).get("duration_seconds").asDouble())
                    .isEqualTo(12.5);
        }
    }

    @Test
    void resultBodiesConvertToStringAndStreamAsTheApiJson() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            var converter = context.getTypeConverter();
            JobRecord job = new JobRecord("t2", JobStatus.QUEUED, "m2");

            String text = converter.mandatoryConvertTo(String.class, RESULTS);
            String jobText = converter.mandatoryConvertTo(String.class, job);
            String mediaText = converter.mandatoryConvertTo(
                    String.class, new MediaRecord("m3", "completed", null, null, null, null, null));
            String streamed;
            try (InputStream in = converter.mandatoryConvertTo(InputStream.class, RESULTS)) {
                streamed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(Json.MAPPER.readValue(text, JobResults.class)).isEqualTo(RESULTS);
            assertThat(streamed).isEqualTo(text);
            assertThat(Json.MAPPER.readValue(jobText, JobRecord.class)).isEqualTo(job);
            assertThat(jobText).contains("\"job_id\":\"t2\"");
            assertThat(mediaText).contains("\"media_id\":\"m3\"");
            // toString() stays the safe one for logs: no signed URL
            assertThat(RESULTS.toString()).doesNotContain("sig=1");
        }
    }

    @Test
    void aJobOutputInsideResultsSurvivesTheRoundTrip() throws Exception {
        JobResults withOutput = Json.MAPPER.readValue(
                "{\"job_id\":\"t3\",\"status\":\"done\",\"output\":{\"format\":\"vtt\",\"content\":\"WEBVTT\"}}",
                JobResults.class);
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            String text = context.getTypeConverter().mandatoryConvertTo(String.class, withOutput);
            assertThat(Json.MAPPER.readValue(text, JobResults.class).output()).isEqualTo(withOutput.output());
            assertThat(withOutput.output()).isInstanceOf(JobOutput.class);
        }
    }
}
