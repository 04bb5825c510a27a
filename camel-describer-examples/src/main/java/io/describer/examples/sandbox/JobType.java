package io.describer.examples.sandbox;

/** The three generate endpoints. */
enum JobType {
    TEXT("generate_ad_text"),
    AUDIO("generate_ad_audio"),
    VIDEO("generate_ad_video");

    final String endpoint;

    JobType(String endpoint) {
        this.endpoint = endpoint;
    }

    static JobType ofEndpoint(String endpoint) {
        for (JobType t : values()) {
            if (t.endpoint.equals(endpoint)) {
                return t;
            }
        }
        return null;
    }
}
