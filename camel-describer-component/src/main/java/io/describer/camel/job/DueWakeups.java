package io.describer.camel.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the results consumer when a job it rescheduled falls due, instead of leaving it to the next scheduled poll: a
 * job due at {@code t} is then claimed within one slot after {@code t}, whatever the poll delay. Wake-ups are coalesced
 * into slots, so 1,000 jobs due per second cost {@code 1000 / slotMillis} claims per second at most, not 1,000.
 */
public final class DueWakeups {

    /** Slot width: the longest a due job waits for its claim, against how many claims run per second. */
    public static final long SLOT_MILLIS = 20;
    /** A timer may fire a little before the wall clock reaches the slot; a claim then would find the job not due. */
    private static final long MARGIN_MILLIS = 2;

    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Runnable wake;
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();

    public DueWakeups(ScheduledExecutorService timer, Clock clock, Runnable wake) {
        this.timer = timer;
        this.clock = clock;
        this.wake = wake;
    }

    /** Runs the wake-up (once per slot) shortly after {@code due}. */
    public void wakeAt(Instant due) {
        long slot = Math.floorDiv(due.toEpochMilli() + SLOT_MILLIS - 1, SLOT_MILLIS) * SLOT_MILLIS + MARGIN_MILLIS;
        if (!pending.add(slot)) {
            return;
        }
        long delay = Math.max(0, slot - clock.millis());
        try {
            timer.schedule(
                    () -> {
                        pending.remove(slot);
                        wake.run();
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the next start polls anyway
            pending.remove(slot);
        }
    }

    /** Wake-ups scheduled and not run yet. */
    public int pending() {
        return pending.size();
    }
}
