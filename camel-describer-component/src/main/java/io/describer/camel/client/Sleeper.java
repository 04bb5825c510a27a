package io.describer.camel.client;

import java.time.Duration;

/** How the client waits between retries and polls; tests substitute one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis());
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
