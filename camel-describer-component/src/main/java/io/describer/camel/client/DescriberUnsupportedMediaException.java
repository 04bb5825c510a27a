package io.describer.camel.client;

import java.time.Duration;

/** HTTP 415 {@code no_video_stream}: the media has no video stream (audio-only file). Never retried. */
public class DescriberUnsupportedMediaException extends DescriberException {

    public DescriberUnsupportedMediaException(String code, String apiMessage, Duration retryAfter) {
        super(415, code, apiMessage, retryAfter);
    }
}
