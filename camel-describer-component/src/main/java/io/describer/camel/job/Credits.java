package io.describer.camel.job;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.describer.camel.client.model.GenerationConfig;
import io.describer.camel.client.model.JobType;

/**
 * Credit estimates per the API's rules (API.md §8): one credit is one minute of source media; a video job costs 1×, an
 * audio track 0.75×, a text script 0.5×, and a video from existing text ({@code description_content}) 0.5× of the
 * source duration. The API states no rounding and no minimum, so the estimate is exact minutes × multiplier, rounded
 * up to the hundredth of a credit (the ledger's unit). Custom Enterprise plans may bill differently.
 */
public final class Credits {

    private Credits() {}

    /** The multiplier of a job type: one rule with the credit metric ({@link io.describer.camel.job.stats.Credits}). */
    public static double multiplier(JobType type, GenerationConfig config) {
        return io.describer.camel.job.stats.Credits.multiplier(type, config);
    }

    /** Estimated credits of a job on media of {@code durationSeconds}, rounded up to the hundredth. */
    public static double estimate(JobType type, GenerationConfig config, double durationSeconds) {
        // in decimal, so 90 s of audio is 1.13 credits, not 1.13 plus a binary fraction rounded up to 1.14
        return BigDecimal.valueOf(durationSeconds)
                .multiply(BigDecimal.valueOf(multiplier(type, config)))
                .divide(BigDecimal.valueOf(60), 2, RoundingMode.CEILING)
                .doubleValue();
    }

    /** Credits in hundredths, rounded up (a ceiling never lets a fraction slip through). */
    public static long hundredths(double credits) {
        return BigDecimal.valueOf(credits)
                .movePointRight(2)
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    public static double toCredits(long hundredths) {
        return BigDecimal.valueOf(hundredths).movePointLeft(2).doubleValue();
    }

    /** For messages: {@code 12.5}, {@code 100}. */
    public static String format(long hundredths) {
        return BigDecimal.valueOf(hundredths)
                .movePointLeft(2)
                .stripTrailingZeros()
                .toPlainString();
    }
}
