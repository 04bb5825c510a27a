package io.describer.camel.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.MediaContent;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.model.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission learns the service's queue level from its refusals and holds sources back and feeds them again. */
class AdmissionTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<JobStatus, Long> store = new EnumMap<>(JobStatus.class);
    private final List<String> events = new ArrayList<>();
    private final Admission admission = new Admission(() -> Map.copyOf(store), clock, 0);

    {
        admission.addListener(new Admission.Listener() {
            @Override
            public void paused(String reason) {
                events.add("paused");
            }

            @Override
            public void resumed() {
                events.add("resumed");
            }
        });
    }

    private static DescriberRateLimitException queueFull() {
        return new DescriberRateLimitException(
                DescriberRateLimitException.QUEUE_LIMIT_EXCEEDED, "You have 40 jobs queued.", null);
    }

    private void inStore(long queued, long processing) {
        store.put(JobStatus.QUEUED, queued);
        store.put(JobStatus.PROCESSING, processing);
    }

    @Test
    void everythingIsAdmittedUntilTheServiceFirstRefuses() {
        inStore(500, 5);
        Admission.Permit permit = admission.tryEnter("a");
        assertThat(permit).isNotNull();
        permit.started("k", true);
        assertThat(events).isEmpty();
        assertThat(admission.upperLimit()).isZero();
    }

    @Test
    void aQueueRefusalTeachesTheLevelThenStartsStayBelowIt() {
        inStore(36, 5);
        admission.tryEnter("a").refused(queueFull());

        assertThat(admission.upperLimit())
                .as("one below the 41 recorded when it refused")
                .isEqualTo(40);
        assertThat(admission.lowerLimit()).isEqualTo(38); // one in twenty places free
        assertThat(events).containsExactly("paused");
        assertThat(admission.tryEnter("b")).as("the queue is still full").isNull();
        assertThat(admission.snapshot().waitingSources()).isEqualTo(2);

        inStore(34, 5); // one finished: still above the lower limit, sources stay held back
        admission.tick();
        assertThat(events).containsExactly("paused");
        inStore(33, 5);
        admission.tick();
        assertThat(events).containsExactly("paused", "resumed");

        // two places free: two starts admitted, the third waits again
        Admission.Permit one = admission.tryEnter("a");
        Admission.Permit two = admission.tryEnter("b");
        assertThat(one).isNotNull();
        assertThat(two).isNotNull();
        assertThat(admission.tryEnter("c")).isNull();
        one.started("ka", true);
        two.started("kb", true);
        assertThat(admission.snapshot().waitingSources()).isEqualTo(1); // only c
    }

    @Test
    void withoutACountInTheRefusalTheLevelIsOneBelowTheRecordedJobs() {
        inStore(20, 1);
        admission
                .tryEnter("a")
                .refused(new DescriberRateLimitException(
                        DescriberRateLimitException.QUEUE_LIMIT_EXCEEDED, "Too many jobs.", null));
        assertThat(admission.upperLimit()).isEqualTo(20);
    }

    @Test
    void theServicesOwnCountIsTheLevelEvenWhenTheStoreHasNotRecordedAllItsJobsYet() {
        inStore(30, 5); // 5 accepted starts of other threads not recorded yet
        admission.tryEnter("a").refused(queueFull());
        assertThat(admission.upperLimit()).isEqualTo(40);
    }

    @Test
    void startsWaitInLineFirstComeFirstServedAndARefusedOneKeepsItsPlace() {
        List<String> admitted = new ArrayList<>();
        List<Admission.Permit> permits = new ArrayList<>();
        class Waits implements Admission.Waiter {
            final String name;

            Waits(String name) {
                this.name = name;
            }

            @Override
            public void admitted(Admission.Permit permit) {
                admitted.add(name);
                permits.add(permit);
            }

            @Override
            public void released(String reason) {
                admitted.add(name + " released");
            }
        }
        inStore(39, 1);
        Admission.Permit first = admission.tryEnter("a");
        first.refused(queueFull()); // learns 40, pauses
        assertThat(admission.await("a", new Waits("a"), true)).isTrue();
        for (String s : List.of("b", "c", "d", "e")) {
            assertThat(admission.tryEnter(s)).as("the queue is full").isNull();
            assertThat(admission.await(s, new Waits(s), false)).isTrue();
        }
        assertThat(admitted).isEmpty();

        inStore(38, 0); // two jobs ended: the two first in line start, at once on the next tick
        admission.tick();
        assertThat(admitted).containsExactly("a", "b");
        assertThat(admission.tryEnter("late"))
                .as("a newcomer does not overtake the line")
                .isNull();
        // b is refused (another client took the place): back at the head of the line, before c
        permits.get(1).refused(queueFull());
        admission.await("b", new Waits("b"), true);
        permits.get(0).started("ka", true);
        inStore(39, 0);
        admission.tick();
        assertThat(admitted).containsExactly("a", "b", "b");
        assertThat(admission.inLine()).isEqualTo(3);
        assertThat(events).as("fed again while the line is short").endsWith("resumed");

        admission.releaseLine("stopping");
        assertThat(admitted).endsWith("c released", "d released", "e released");
        assertThat(admission.await("f", new Waits("f"), false))
                .as("no place in line once released")
                .isFalse();
    }

    @Test
    void anEstimatedLevelGrowsWhenTheServiceAcceptsMoreThanItDidWhenItRefused() {
        inStore(20, 1);
        admission
                .tryEnter("a")
                .refused(new DescriberRateLimitException(
                        DescriberRateLimitException.QUEUE_LIMIT_EXCEEDED, "Your queue is full.", null));
        assertThat(admission.upperLimit()).as("one below the 21 recorded").isEqualTo(20);

        inStore(10, 1);
        admission.tick();
        Admission.Permit permit = admission.tryEnter("a");
        inStore(24, 1); // another node started jobs meanwhile, and the service took them all
        permit.started("ka", true);
        assertThat(admission.upperLimit()).isEqualTo(25);
    }

    @Test
    void aLevelTheServiceStatedStaysWhenTwoNodesRacedPastIt() {
        inStore(20, 0);
        admission
                .tryEnter("a")
                .refused(new DescriberRateLimitException(
                        DescriberRateLimitException.QUEUE_LIMIT_EXCEEDED, "You have 20 jobs queued.", null));
        inStore(10, 0);
        admission.tick();
        Admission.Permit permit = admission.tryEnter("a");
        // two nodes filled the last place at once and a job had ended unseen: the service took both
        inStore(21, 0);
        permit.started("ka", true);
        assertThat(admission.upperLimit())
                .as("raising it would overfill the queue on every node")
                .isEqualTo(20);
    }

    @Test
    void aStartGivesUpAPlaceAnotherNodeClaimedFirst() {
        long[] claimedBefore = {0};
        List<String> released = new ArrayList<>();
        Admission.Places places = new Admission.Places() {
            @Override
            public long elsewhere() {
                return 0;
            }

            @Override
            public Admission.Claim claim() {
                long before = claimedBefore[0];
                return new Admission.Claim() {
                    @Override
                    public long before() {
                        return before;
                    }

                    @Override
                    public void release() {
                        released.add("claim");
                    }
                };
            }
        };
        Admission shared = new Admission(() -> Map.copyOf(store), places, clock, 10);
        inStore(9, 0);
        Admission.Permit permit = shared.tryEnter("a");
        assertThat(permit).as("the last place, claimed first").isNotNull();
        permit.started("ka", true);
        assertThat(released).hasSize(1);

        // another node counted the same free place and claimed it a moment earlier
        claimedBefore[0] = 1;
        assertThat(shared.tryEnter("b"))
                .as("the later claim gives the place up")
                .isNull();
        assertThat(released).as("its claim given back").hasSize(2);
        List<Admission.Permit> admitted = new ArrayList<>();
        Admission.Waiter b = new Admission.Waiter() {
            @Override
            public void admitted(Admission.Permit p) {
                admitted.add(p);
            }

            @Override
            public void released(String reason) {}
        };
        assertThat(shared.await("b", b, false)).isTrue();
        assertThat(admitted).as("still waiting in line").isEmpty();
        assertThat(shared.inLine()).isEqualTo(1);

        claimedBefore[0] = 0; // the earlier start was recorded, a job ended
        inStore(8, 0);
        shared.tick();
        assertThat(admitted).hasSize(1);
        assertThat(shared.inLine()).isZero();
    }

    @Test
    void aConcurrencyRefusalPausesForItsRetryAfterOnly() {
        inStore(3, 1);
        admission
                .tryEnter("a")
                .refused(new DescriberRateLimitException(
                        DescriberRateLimitException.CONCURRENCY_LIMIT_EXCEEDED, "busy", Duration.ofSeconds(2)));

        assertThat(admission.upperLimit()).as("no queue level learnt").isZero();
        assertThat(admission.tryEnter("b")).isNull();
        clock.advance(Duration.ofMillis(1999));
        admission.tick();
        assertThat(events).containsExactly("paused");
        clock.advance(Duration.ofMillis(1));
        admission.tick();
        assertThat(events).containsExactly("paused", "resumed");
        assertThat(admission.tryEnter("b")).isNotNull();
    }

    @Test
    void theConfiguredCapHoldsBeforeAnyRefusal() {
        Admission capped = new Admission(() -> Map.copyOf(store), clock, 10);
        inStore(9, 0);
        Admission.Permit last = capped.tryEnter("a");
        assertThat(last).isNotNull();
        assertThat(capped.tryEnter("b")).as("9 in the store + 1 starting").isNull();
        last.failed();
        assertThat(capped.tryEnter("b")).isNotNull();
        assertThatThrownBy(() -> new Admission(Map::of, clock, -1)).hasMessageContaining("maxJobsInFlight");
    }

    @Test
    void afterARefusalMediaIsUploadedFirstAndStartedByItsIdUntilAJobStarts() throws Exception {
        AtomicInteger uploads = new AtomicInteger();
        Admission.Uploader uploader = media -> "media-" + uploads.incrementAndGet();
        MediaInput content = MediaInput.content(MediaContent.ofBytes(new byte[] {1, 2, 3}, "v.mp4", "video/mp4"));

        assertThat(admission.inputFor("key", content, uploader))
                .as("before any refusal one call uploads and starts")
                .isSameAs(content);

        inStore(4, 1);
        admission.tryEnter("a").refused(queueFull());
        MediaInput first = admission.inputFor("key", content, uploader);
        assertThat(first).isEqualTo(MediaInput.mediaId("media-1"));
        // refused again: the retry starts by the same media id, nothing uploaded again
        assertThat(admission.inputFor("key", content, uploader)).isEqualTo(MediaInput.mediaId("media-1"));
        assertThat(uploads).hasValue(1);
        // a media id or URL input is left alone
        assertThat(admission.inputFor("other", MediaInput.mediaId("m"), uploader))
                .isEqualTo(MediaInput.mediaId("m"));

        inStore(0, 0);
        admission.tick();
        admission.tryEnter("a").started("key", true);
        assertThat(admission.inputFor("key", content, uploader)).isEqualTo(MediaInput.mediaId("media-2"));
    }

    @Test
    void whileSourcesWaitTheLogHasOneProgressLineAMinute() {
        inStore(39, 1);
        try (io.describer.camel.client.LogCapture logs = new io.describer.camel.client.LogCapture()) {
            admission.tryEnter("a").refused(queueFull());
            admission.tick();
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofSeconds(5));
                inStore(38, 1);
                admission.tick();
                admission.tryEnter("s" + i).started("k" + i, true);
                inStore(39, 1);
                admission.tick();
            }
            assertThat(progress(logs))
                    .as("the first tick while sources wait, then none within the minute")
                    .containsExactly("Backlog: 1 sources waiting, 39 jobs queued, 1 processing (limit 40); ? jobs"
                            + " started in the last minute, about ? to drain");

            clock.advance(Duration.ofSeconds(31));
            admission.tick();
            // 6 jobs started in the 56 s the last minute's ticks span (6.4 a minute): 41 to go (40 in flight, 1 source)
            assertThat(progress(logs))
                    .hasSize(2)
                    .last()
                    .isEqualTo("Backlog: 1 sources waiting, 39 jobs queued, 1 processing (limit 40); 6 jobs"
                            + " started in the last minute, about 6 min 23 s to drain");
        }
    }

    private static List<String> progress(io.describer.camel.client.LogCapture logs) {
        return logs.lines().stream()
                .filter(l -> l.contains("Backlog:"))
                .map(l -> l.substring(l.indexOf("Backlog:")))
                .toList();
    }
}
