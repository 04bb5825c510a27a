package io.describer.camel;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.describer.camel.client.Json;
import io.describer.camel.client.model.JobRecord;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.MediaRecord;
import org.apache.camel.Converter;

/**
 * Result bodies as the API's JSON (snake_case, as {@code get_results} answers it), so {@code getBody(String.class)},
 * {@code convertBodyTo(String.class)} and steps that want a stream (file, S3, HTTP) take them as they are. The JSON of
 * {@link JobResults} carries the signed download URLs (bearer links, valid about 15 minutes): it is data for the next
 * step, unlike {@code toString()}, which hides them.
 */
@Converter(generateLoader = true)
public final class DescriberConverters {

    private DescriberConverters() {}

    /** A map bean of tenant to key as option apiKeyResolver: read at each call, so a replaced key is used next. */
    @Converter
    @SuppressWarnings("unchecked")
    public static DescriberApiKeyResolver toApiKeyResolver(java.util.Map<?, ?> keys) {
        return new MapApiKeyResolver((java.util.Map<String, String>) keys);
    }

    @Converter
    public static String toString(JobResults results) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(results);
    }

    @Converter
    public static InputStream toInputStream(JobResults results) throws JsonProcessingException {
        return new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(results));
    }

    @Converter
    public static String toString(MediaRecord media) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(media);
    }

    @Converter
    public static InputStream toInputStream(MediaRecord media) throws JsonProcessingException {
        return new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(media));
    }

    @Converter
    public static String toString(JobRecord job) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(job);
    }

    @Converter
    public static InputStream toInputStream(JobRecord job) throws JsonProcessingException {
        return new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(job));
    }
}
