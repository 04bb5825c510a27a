package io.describer.camel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Media durations by dedupe key, for uploads whose job start was refused and is retried by media id (back-pressure):
 * the API cannot be asked a media's duration later. Bounded; an entry goes when its job starts.
 */
public final class MediaDurations {

    private static final int REMEMBERED = 20_000;

    private final Map<String, Double> durations = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > REMEMBERED;
        }
    });

    public void remember(String dedupeKey, Double seconds) {
        if (dedupeKey != null && seconds != null) {
            durations.put(dedupeKey, seconds);
        }
    }

    public Double of(String dedupeKey) {
        return dedupeKey == null ? null : durations.get(dedupeKey);
    }

    public void forget(String dedupeKey) {
        if (dedupeKey != null) {
            durations.remove(dedupeKey);
        }
    }
}
