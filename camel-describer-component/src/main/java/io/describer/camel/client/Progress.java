package io.describer.camel.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes of one transfer and tells the listener at most once per {@link #STEP} bytes and at the end, so a
 * multi-GB transfer does not call it for every 16 KiB buffer.
 */
final class Progress {

    static final long STEP = 1024 * 1024;

    private final String name;
    private final long total;
    private final TransferListener listener;
    private final AtomicLong transferred = new AtomicLong();
    private volatile long lastReported = -1;

    Progress(String name, long total, TransferListener listener) {
        this.name = name;
        this.total = total;
        this.listener = listener == null ? TransferListener.NONE : listener;
    }

    void add(long n) {
        if (n <= 0) {
            return;
        }
        long now = transferred.addAndGet(n);
        if (now - lastReported >= STEP || now == total) {
            report(now);
        }
    }

    /** Reports the final count (also when it differs from the expected total, e.g. an unknown length). */
    void finish() {
        long now = transferred.get();
        if (now != lastReported) {
            report(now);
        }
    }

    long transferred() {
        return transferred.get();
    }

    private synchronized void report(long now) {
        if (now == lastReported) {
            return;
        }
        lastReported = now;
        listener.progress(name, now, total);
    }
}
