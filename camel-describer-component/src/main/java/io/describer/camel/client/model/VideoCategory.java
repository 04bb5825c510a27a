package io.describer.camel.client.model;

/** The 14 video categories: URI slugs (e.g. {@code news}) mapped to the exact strings the API expects in {@code video_category}. */
public enum VideoCategory implements ApiValue {
    AUTO("auto", "Auto"),
    EDUCATIONAL_LECTURE("educational-lecture", "Educational Lecture"),
    EDUCATIONAL_KIDS("educational-kids", "Educational Kids"),
    GOVERNMENT_MEETING("government-meeting", "Government Meeting"),
    DOCUMENTARY("documentary", "Documentary"),
    NARRATIVE_STORY("narrative-story", "Narrative Story"),
    SOCIAL_MEDIA("social-media", "Social Media"),
    TUTORIAL("tutorial", "Tutorial/How-To"),
    VLOG("vlog", "Vlog"),
    COMMERCIAL("commercial", "Commercial/Advertisement"),
    NEWS("news", "News"),
    ENTERTAINMENT("entertainment", "Entertainment"),
    HOME_VIDEO("home-video", "Home Video"),
    VIDEO_CALL("video-call", "Video Call");

    private final String slug;
    private final String apiValue;

    VideoCategory(String slug, String apiValue) {
        this.slug = slug;
        this.apiValue = apiValue;
    }

    @Override
    public String apiValue() {
        return apiValue;
    }

    @Override
    public String toString() {
        return slug;
    }
}
