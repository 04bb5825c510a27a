package io.describer.camel.job;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Back-pressure of the results consumer, as fractions of its checkers (db-scheduler's lower and upper limits): at most
 * {@link #upperLimit()} claimed jobs are in flight (waiting for a checker or being checked), and after a claim that was
 * cut short by that limit, which means more jobs are due, the next claim comes as soon as in flight drops to
 * {@link #lowerLimit()} instead of at the next poll.
 */
public final class CheckCapacity {

    /** Claimed ahead of the checkers, so a checker finds the next job queued rather than waiting for a claim. */
    static final double UPPER_LIMIT_FRACTION = 2.0;
    /** Refill when half the checkers would otherwise run out of work. */
    static final double LOWER_LIMIT_FRACTION = 0.5;

    private final int upperLimit;
    private final int lowerLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean backlog;

    public CheckCapacity(int checkers) {
        if (checkers < 1) {
            throw new IllegalArgumentException("checkers must be >= 1, got " + checkers);
        }
        this.upperLimit = (int) Math.ceil(checkers * UPPER_LIMIT_FRACTION);
        this.lowerLimit = (int) Math.floor(checkers * LOWER_LIMIT_FRACTION);
    }

    /** How many jobs the next claim may take, at most {@code cap} when that is positive. */
    public int room(int cap) {
        int room = Math.max(0, upperLimit - inFlight.get());
        return cap > 0 ? Math.min(room, cap) : room;
    }

    /** Records the outcome of a claim that asked for {@code asked} and got {@code got} jobs. */
    public void claimed(int asked, int got) {
        inFlight.addAndGet(got);
        backlog = asked > 0 && got >= asked;
    }

    /** A claimed job has been handed on (checked, or given back); true when it is time to claim again. */
    public boolean finished() {
        int left = inFlight.decrementAndGet();
        return backlog && left <= lowerLimit;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int upperLimit() {
        return upperLimit;
    }

    public int lowerLimit() {
        return lowerLimit;
    }
}
