package io.describer.camel.job;

import io.describer.camel.client.TransferListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs transfer progress at INFO in quarter steps, so a long upload shows it is moving without flooding the log. */
public final class ProgressLogger implements TransferListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);

    private final String action;
    private int lastQuarter = -1;

    public ProgressLogger(String action) {
        this.action = action;
    }

    @Override
    public synchronized void progress(String name, long transferred, long total) {
        if (total <= 0) {
            return;
        }
        int quarter = (int) Math.min(4, transferred * 4 / total);
        if (quarter > lastQuarter) {
            lastQuarter = quarter;
            LOG.info("{} {}: {} of {} bytes ({}%)", action, name, transferred, total, quarter * 25);
        }
    }
}
