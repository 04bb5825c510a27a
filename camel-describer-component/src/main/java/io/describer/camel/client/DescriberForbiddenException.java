package io.describer.camel.client;

import java.time.Duration;

/**
 * HTTP 403: a plan restriction or input limit ({@code feature_not_available}, {@code video_too_long},
 * {@code file_too_large}, older {@code limit_reached}). Never retried.
 */
public class DescriberForbiddenException extends DescriberException {

    public static final String FEATURE_NOT_AVAILABLE = "feature_not_available";
    public static final String VIDEO_TOO_LONG = "video_too_long";
    public static final String FILE_TOO_LARGE = "file_too_large";
    public static final String LIMIT_REACHED = "limit_reached";

    private final String feature;
    private final String planName;
    private final String upgradeUrl;

    public DescriberForbiddenException(
            String code, String apiMessage, Duration retryAfter, String feature, String planName, String upgradeUrl) {
        super(403, code, apiMessage, retryAfter);
        this.feature = feature;
        this.planName = planName;
        this.upgradeUrl = upgradeUrl;
    }

    /** The plan flag that is missing (e.g. {@code allow_api_ad_video_generation}), or null. */
    public String getFeature() {
        return feature;
    }

    /** The team's current plan (e.g. {@code Starter}), or null. */
    public String getPlanName() {
        return planName;
    }

    /** Where to upgrade (e.g. {@code /billing/upgrade}), or null. */
    public String getUpgradeUrl() {
        return upgradeUrl;
    }
}
