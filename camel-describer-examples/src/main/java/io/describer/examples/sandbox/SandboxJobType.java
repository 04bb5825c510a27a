package io.describer.examples.sandbox;

/** The three generate endpoints. */
enum SandboxJobType {
    TEXT("generate_ad_text"),
    AUDIO("generate_ad_audio"),
    VIDEO("generate_ad_video");

    final String endpoint;

    SandboxJobType(String endpoint) {
        this.endpoint = endpoint;
    }

    static SandboxJobType ofEndpoint(String endpoint) {
        for (SandboxJobType t : values()) {
            if (t.endpoint.equals(endpoint)) {
                return t;
            }
        }
        return null;
    }
}
