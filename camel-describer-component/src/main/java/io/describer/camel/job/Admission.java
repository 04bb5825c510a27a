package io.describer.camel.job;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.describer.camel.client.DescriberRateLimitException;
import io.describer.camel.client.MediaInput;
import io.describer.camel.client.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "may I start another job?" so that the service's queue stays at the level the plan accepts, without a thread
 * sleeping on a refusal.
 *
 * <p>The level is learnt: when the service answers 429 {@code queue_limit_exceeded}, the count its message states ("You
 * have 100 jobs queued") becomes the upper limit, or, without one, the jobs this store has queued or processing at that
 * moment less one (optionally capped by a configured maximum); such an estimate grows when the store is seen to hold
 * more jobs the service accepted. A start is admitted while queued + processing + starting (here and, with
 * {@link StorePlaces}, on the other nodes sharing the store) stays below it. Once refused, the admission is paused; it resumes when the
 * count drops to the lower limit (one in twenty places free, at least one), as db-scheduler's lower/upper limits do for
 * its executor. {@code concurrency_limit_exceeded} pauses it for the {@code retry_after} instead. The counts come from
 * the job store, so jobs started and finished by other nodes sharing it count too; the learnt limit is this node's (its
 * first refusal teaches it). Listeners, e.g. a route policy, suspend and resume the sources.
 *
 * <p>A start not admitted may {@link #await wait} in a first-come, first-served line instead of being rolled back: it is
 * handed a permit as soon as a place is free (checked on every {@link #tick}), so the queue is refilled within a tick of
 * the results consumer seeing a job end, and a held-back source keeps its place whatever order its consumer would offer
 * it again in. The sources are held back (listeners paused) while more than {@link #lowWater} wait in line, so the line
 * stays short, and fed again when it runs short.
 *
 * <p>Media of a refused start is kept: once the service has refused a start, media bytes are uploaded first and the
 * media id is remembered by dedupe key until a job starts on it, so a retried source starts by media id. A streamed
 * source is uploaded before it waits in line ({@link JobSubmission#uploadBeforeLine}) and remembered the same way.
 */
public final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    /** How long a refused source counts as waiting without being seen again (it may have been removed). */
    static final Duration WAITING_EXPIRY = Duration.ofMinutes(10);

    static final Duration PROGRESS_LOG_PERIOD = Duration.ofMinutes(1);

    /** The longest pause a {@code retry_after} may ask for before the count is looked at again. */
    static final Duration MAX_COOL_DOWN = Duration.ofSeconds(30);

    private static final int REMEMBERED_MEDIA = 10_000;

    /**
     * Most sources waiting in line; more are held back by rollback. A waiting source may hold an open stream (an S3
     * object), so the line stays well below an HTTP client's connection pool (50 in the AWS SDK).
     */
    static final int MAX_IN_LINE = 40;

    /** The service's own count in its queue_limit_exceeded message ("You have 100 jobs queued"). */
    private static final Pattern STATED_COUNT = Pattern.compile("(\\d+) jobs? (?:are )?queued");

    /** Told when sources must be held back and when they may feed again; called on the thread that decided. */
    public interface Listener {
        void paused(String reason);

        void resumed();
    }

    /** A start waiting in line: exactly one of the two is called, once, on a housekeeping or refusing thread. */
    public interface Waiter {
        /** A place is free: start now (hand the work to another thread) and end the permit as usual. */
        void admitted(Permit permit);

        /** No start will be admitted (the application stops): hold the source back. */
        void released(String reason);
    }

    private record InLine(String source, Waiter waiter) {}

    /**
     * Starts under way on the nodes sharing the job store: a granted start claims a place until its job is recorded (or
     * it ended otherwise), so two nodes looking at the same free places do not both fill them.
     */
    public interface Places {
        /** One node: nothing to claim (e.g. an embedded store only one JVM can open). */
        Places LOCAL = new Places() {
            @Override
            public long elsewhere() {
                return 0;
            }

            @Override
            public Claim claim() {
                return Claim.NONE;
            }
        };

        /** Places other nodes claimed and did not end yet. */
        long elsewhere();

        /** Claims a place for one start of this node. */
        Claim claim();
    }

    /** A claimed place. */
    public interface Claim {
        Claim NONE = new Claim() {
            @Override
            public long before() {
                return -1;
            }

            @Override
            public void release() {}
        };

        /**
         * Live claims of all nodes made before this one, in one order every node sees alike; -1 when unknown (nothing
         * claimed). Two nodes that counted the same free place both claim it: the later claim sees the earlier one
         * and gives the place up.
         */
        long before();

        void release();
    }

    /** Uploads media and returns its id (the client's upload_media). */
    @FunctionalInterface
    public interface Uploader {
        String upload(MediaInput content) throws IOException;
    }

    /** What the dev console and the progress log show. */
    public record Snapshot(
            boolean paused,
            String reason,
            Integer learntLimit,
            int cap,
            long queued,
            long processing,
            int starting,
            int waitingSources,
            long started,
            long refusedByService,
            long heldBack,
            Double jobsPerMinute,
            Duration estimatedDrain) {}

    /** A granted start: exactly one of {@link #started}, {@link #refused} or {@link #failed} ends it. */
    public final class Permit {
        private final String source;
        private final Claim place;
        private boolean ended;

        private Permit(String source) {
            this.source = source;
            this.place = claimPlace();
        }

        /**
         * False when a start of another node claimed the same place first: the permit is then given back, as if it had
         * never been granted.
         */
        private boolean confirmed() {
            long before;
            try {
                before = place.before();
            } catch (RuntimeException e) {
                LOG.debug("Could not count the places claimed before ours: {}", e.toString());
                before = -1;
            }
            int upper = upperLimit();
            if (before < 0 || upper <= 0 || recorded() + before < upper) {
                return true;
            }
            end();
            return false;
        }

        /**
         * The service accepted the job ({@code newJob}), or it had been started before (a duplicate): either way the
         * source no longer waits.
         */
        public void started(String dedupeKey, boolean newJob) {
            if (end()) {
                onStarted(source, dedupeKey, newJob);
            }
        }

        /** The service refused with a queue or concurrency limit: learn from it and hold the sources back. */
        public void refused(DescriberRateLimitException refusal) {
            if (end()) {
                onRefused(source, refusal);
            }
        }

        /** Anything else: nothing learnt. */
        public void failed() {
            if (end()) {
                dispatch();
            }
        }

        private boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            starting.decrementAndGet();
            try {
                place.release();
            } catch (RuntimeException e) {
                // the claim expires on its own (Places' lease)
                LOG.debug("Could not give back a claimed place: {}", e.toString());
            }
            return true;
        }
    }

    private final Supplier<Map<JobStatus, Long>> counts;
    private final Places places;
    private final Clock clock;
    private final int cap;
    private final AtomicInteger starting = new AtomicInteger();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> waiting = new ConcurrentHashMap<>();
    private final Map<String, String> mediaIds = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_MEDIA;
        }
    });
    private final Deque<InLine> line = new ArrayDeque<>();
    private volatile boolean lineUsed;
    private boolean lineClosed;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong refusedByService = new AtomicLong();
    private final AtomicLong heldBack = new AtomicLong();
    /** (time, jobs started so far), one entry per tick, for the drain rate. */
    private final Deque<long[]> history = new ArrayDeque<>();

    private volatile Integer learntLimit;
    /** The learnt limit is the count the service stated, not an estimate. */
    private volatile boolean learntStated;

    private volatile Instant coolDownUntil = Instant.MIN;
    private volatile boolean paused;
    private volatile String pauseReason;
    private volatile boolean serviceRefused;
    private Instant lastProgressLog = Instant.MIN;

    /**
     * @param counts the store's {@link JobStore#countPendingByStatus()}
     * @param cap    most jobs in flight whatever the service accepts; 0 = only what is learnt
     */
    public Admission(Supplier<Map<JobStatus, Long>> counts, Clock clock, int cap) {
        this(counts, Places.LOCAL, clock, cap);
    }

    /**
     * @param places the starts under way on other nodes sharing the store ({@link StorePlaces}), counted in flight
     */
    public Admission(Supplier<Map<JobStatus, Long>> counts, Places places, Clock clock, int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("Invalid value " + cap + " for option maxJobsInFlight: 0 or more");
        }
        this.counts = counts;
        this.places = places;
        this.clock = clock;
        this.cap = cap;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * A permit to start one job for {@code source} (a name of the source message, for the count of waiting sources), or
     * null when the service's queue is full: then the source is to be held back, not failed.
     */
    public Permit tryEnter(String source) {
        String refusal = refusal(upperLimit());
        int inLine = inLine();
        if (refusal == null && inLine > 0) {
            refusal = inLine + " sources wait in line for a free place in the service's queue";
        }
        if (refusal != null) {
            heldBack.incrementAndGet();
            waiting.put(source, clock.instant());
            pause(refusal);
            return null;
        }
        starting.incrementAndGet();
        Permit permit = new Permit(source);
        if (!permit.confirmed()) {
            heldBack.incrementAndGet();
            waiting.put(source, clock.instant());
            pause("another node took the last free place in the service's queue");
            return null;
        }
        return permit;
    }

    /**
     * Puts a start that {@link #tryEnter} did not admit (or the service refused) in line; {@code first} puts it at the
     * head (a refused start keeps its place). False when the line is full: hold the source back instead.
     */
    public boolean await(String source, Waiter waiter, boolean first) {
        lineUsed = true;
        int size;
        synchronized (line) {
            if (line.size() >= MAX_IN_LINE || lineClosed) {
                size = -1;
            } else {
                if (first) {
                    line.addFirst(new InLine(source, waiter));
                } else {
                    line.addLast(new InLine(source, waiter));
                }
                size = line.size();
            }
        }
        if (size < 0 || size > lowWater()) {
            pause(
                    size < 0
                            ? MAX_IN_LINE + " sources wait in line for a free place in the service's queue"
                            : pauseReason != null ? pauseReason : size + " sources wait in line");
        }
        dispatch();
        return size >= 0;
    }

    /** Sources held back (in line or rolled back to come again), without asking the store. */
    public int waitingSources() {
        return waiting.size();
    }

    /** Sources waiting in line. */
    public int inLine() {
        synchronized (line) {
            return line.size();
        }
    }

    /** While no more than this many sources wait in line, the sources feed it again. */
    int lowWater() {
        return Math.max(3, upperLimit() / 20);
    }

    /** Hands permits to the sources in line while places are free, first come first served. */
    private void dispatch() {
        while (true) {
            InLine next;
            synchronized (line) {
                if (line.isEmpty() || refusal(upperLimit()) != null) {
                    return;
                }
                next = line.pollFirst();
                starting.incrementAndGet();
            }
            Permit permit = new Permit(next.source());
            if (!permit.confirmed()) {
                // another node filled the place first: back at the head of the line, unless it was released meanwhile
                boolean closed;
                synchronized (line) {
                    closed = lineClosed;
                    if (!closed) {
                        line.addFirst(next);
                    }
                }
                if (closed) {
                    next.waiter().released("the application is stopping");
                }
                return;
            }
            try {
                next.waiter().admitted(permit);
            } catch (RuntimeException e) {
                LOG.warn("Could not start a source waiting in line: {}", e.toString());
            }
        }
    }

    /**
     * Releases every source in line (the application stops): each is held back and offered again by its source; from
     * now on {@link #await} takes none.
     */
    public void releaseLine(String reason) {
        List<InLine> released;
        synchronized (line) {
            lineClosed = true;
            released = List.copyOf(line);
            line.clear();
        }
        for (InLine w : released) {
            try {
                w.waiter().released(reason);
            } catch (RuntimeException e) {
                LOG.warn("Could not release a source waiting in line: {}", e.toString());
            }
        }
    }

    /** Why no start is admitted now, or null. */
    private String refusal(int upper) {
        if (clock.instant().isBefore(coolDownUntil)) {
            return "the service validates no more job starts until " + coolDownUntil + " (concurrency_limit_exceeded)";
        }
        if (upper > 0) {
            long inFlight = inFlight();
            if (inFlight >= upper) {
                return inFlight + " jobs queued, processing or starting: the service's queue accepts " + upper
                        + (learntLimit == null || cap > 0 && cap < learntLimit ? " (maxJobsInFlight)" : "");
            }
        }
        return null;
    }

    /** Queued + processing jobs in the store, plus starts granted and not ended, here and on other nodes. */
    public long inFlight() {
        Map<JobStatus, Long> c = counts.get();
        return c.getOrDefault(JobStatus.QUEUED, 0L)
                + c.getOrDefault(JobStatus.PROCESSING, 0L)
                + starting.get()
                + startingElsewhere();
    }

    private long startingElsewhere() {
        try {
            return places.elsewhere();
        } catch (RuntimeException e) {
            LOG.debug("Could not count the places other nodes claimed: {}", e.toString());
            return 0;
        }
    }

    private Claim claimPlace() {
        try {
            return places.claim();
        } catch (RuntimeException e) {
            // the start goes on: at worst another node fills the same place and the service refuses one start
            LOG.debug("Could not claim a place in the job store: {}", e.toString());
            return Claim.NONE;
        }
    }

    /** Queued + processing jobs recorded in the store. */
    private long recorded() {
        Map<JobStatus, Long> c = counts.get();
        return c.getOrDefault(JobStatus.QUEUED, 0L) + c.getOrDefault(JobStatus.PROCESSING, 0L);
    }

    /** The learnt limit capped by the configured one; 0 while neither is known. */
    public int upperLimit() {
        Integer learnt = learntLimit;
        if (learnt == null) {
            return cap;
        }
        return cap > 0 ? Math.min(cap, learnt) : learnt;
    }

    /** Held-back sources feed again when no more than this many jobs are in flight. */
    public int lowerLimit() {
        int upper = upperLimit();
        return upper - Math.max(1, upper / 20);
    }

    /**
     * Media to start with: a media id remembered for this dedupe key after a refusal, or, once the service has refused a
     * start, the content uploaded first (so a refused start never sends it again); otherwise the input unchanged.
     */
    public MediaInput inputFor(String dedupeKey, MediaInput input, Uploader uploader) throws IOException {
        if (!(input instanceof MediaInput.Content)) {
            return input;
        }
        String known = dedupeKey == null ? null : mediaIds.get(dedupeKey);
        if (known != null) {
            LOG.debug("Starting {} by its media id {}, uploaded before a refusal", dedupeKey, known);
            return MediaInput.mediaId(known);
        }
        if (!serviceRefused) {
            return input;
        }
        String mediaId = uploader.upload(input);
        if (dedupeKey != null) {
            mediaIds.put(dedupeKey, mediaId);
        }
        return MediaInput.mediaId(mediaId);
    }

    /** The media id uploaded for this dedupe key before its start was refused, or null. */
    public String uploadedMedia(String dedupeKey) {
        return dedupeKey == null ? null : mediaIds.get(dedupeKey);
    }

    /** Remembers an upload until its job starts, so a refused start is retried by media id. */
    public void rememberUpload(String dedupeKey, String mediaId) {
        if (dedupeKey != null) {
            mediaIds.put(dedupeKey, mediaId);
        }
    }

    private void onStarted(String source, String dedupeKey, boolean newJob) {
        waiting.remove(source);
        if (!newJob) {
            return;
        }
        started.incrementAndGet();
        if (dedupeKey != null) {
            mediaIds.remove(dedupeKey);
        }
        Integer learnt = learntLimit;
        // a limit the service stated is its limit: more recorded only means two nodes raced for the last place (or a
        // job ended unseen), and raising it would have every node overfill the queue until the next refusal
        if (learnt != null && !learntStated) {
            long recorded = recorded();
            if (recorded > learnt) {
                // the service holds more than when it refused (e.g. other nodes' starts): its limit is higher
                learntLimit = (int) Math.min(Integer.MAX_VALUE, recorded);
            }
        }
    }

    private void onRefused(String source, DescriberRateLimitException refusal) {
        refusedByService.incrementAndGet();
        serviceRefused = true;
        waiting.put(source, clock.instant());
        if (refusal.isQueueFull()) {
            // the service's own count is its limit; without one, one below the jobs recorded when it refused (the
            // count includes jobs that ended unseen), so the level settles where refusals stop
            Integer stated = statedCount(refusal);
            int level = stated != null
                    ? Math.max(1, stated)
                    : (int) Math.max(1, Math.min(Integer.MAX_VALUE, recorded() - 1));
            if (!Integer.valueOf(level).equals(learntLimit)) {
                LOG.info(
                        "The service's queue is full at {} jobs in flight (queue_limit_exceeded): holding sources back"
                                + " at that level",
                        level);
            }
            learntLimit = level;
            learntStated = stated != null;
            pause("the service's queue is full (queue_limit_exceeded at " + level + " jobs in flight)");
        } else {
            Duration wait = refusal.getRetryAfter() != null ? refusal.getRetryAfter() : Duration.ofSeconds(1);
            if (wait.compareTo(MAX_COOL_DOWN) > 0) {
                wait = MAX_COOL_DOWN;
            }
            coolDownUntil = clock.instant().plus(wait);
            pause("the service validates no more job starts for " + wait.toMillis() + " ms (" + refusal.getCode()
                    + ")");
        }
    }

    private static Integer statedCount(DescriberRateLimitException refusal) {
        String message = refusal.getApiMessage();
        Matcher m = message == null ? null : STATED_COUNT.matcher(message);
        if (m == null || !m.find()) {
            return null;
        }
        try {
            return Integer.valueOf(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void pause(String reason) {
        pauseReason = reason;
        if (paused) {
            return;
        }
        paused = true;
        for (Listener l : listeners) {
            try {
                l.paused(reason);
            } catch (RuntimeException e) {
                LOG.warn("Could not hold a source back: {}", e.toString());
            }
        }
    }

    /**
     * Housekeeping, run a few times a second: resumes held-back sources once the count is down to the lower limit and
     * any cool-down has passed, and logs progress once a minute while sources wait.
     */
    public void tick() {
        Instant now = clock.instant();
        synchronized (history) {
            history.addLast(new long[] {now.toEpochMilli(), started.get()});
            while (history.size() > 2 && now.toEpochMilli() - history.peekFirst()[0] > 60_000) {
                history.pollFirst();
            }
        }
        waiting.values().removeIf(seen -> seen.plus(WAITING_EXPIRY).isBefore(now));
        dispatch();
        if (paused && !now.isBefore(coolDownUntil)) {
            int upper = upperLimit();
            // with a line, feed it again as it runs short (it refills the queue the moment a place frees); without,
            // once the queue has places free
            boolean resume = lineUsed ? inLine() <= lowWater() : upper <= 0 || inFlight() <= lowerLimit();
            if (resume) {
                paused = false;
                for (Listener l : listeners) {
                    try {
                        l.resumed();
                    } catch (RuntimeException e) {
                        LOG.warn("Could not resume a held-back source: {}", e.toString());
                    }
                }
            }
        }
        if ((paused || !waiting.isEmpty()) && !now.isBefore(lastProgressLog.plus(PROGRESS_LOG_PERIOD))) {
            lastProgressLog = now;
            Snapshot s = snapshot();
            LOG.info(
                    "Backlog: {} sources waiting, {} jobs queued, {} processing (limit {}); {} jobs started in the last"
                            + " minute, about {} to drain",
                    s.waitingSources(),
                    s.queued(),
                    s.processing(),
                    s.learntLimit() != null ? s.learntLimit() : "not learnt yet",
                    s.jobsPerMinute() != null ? Math.round(s.jobsPerMinute()) : "?",
                    s.estimatedDrain() != null ? pretty(s.estimatedDrain()) : "?");
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** Why sources are held back now, or null; unlike {@link #snapshot()} asks no store. */
    public String pauseReason() {
        return paused ? pauseReason : null;
    }

    public Snapshot snapshot() {
        Map<JobStatus, Long> c = counts.get();
        long queued = c.getOrDefault(JobStatus.QUEUED, 0L);
        long processing = c.getOrDefault(JobStatus.PROCESSING, 0L);
        Double perMinute = null;
        synchronized (history) {
            if (history.size() >= 2) {
                long[] first = history.peekFirst();
                long[] last = history.peekLast();
                long millis = last[0] - first[0];
                if (millis >= 5_000) {
                    perMinute = (last[1] - first[1]) * 60_000.0 / millis;
                }
            }
        }
        Duration drain = null;
        int waitingSources = waiting.size();
        if (perMinute != null && perMinute > 0) {
            // each waiting source needs at least one more job; those in flight must finish first
            double jobs = queued + processing + waitingSources;
            drain = Duration.ofSeconds(Math.round(jobs / perMinute * 60));
        }
        return new Snapshot(
                paused,
                paused ? pauseReason : null,
                learntLimit,
                cap,
                queued,
                processing,
                starting.get(),
                waitingSources,
                started.get(),
                refusedByService.get(),
                heldBack.get(),
                perMinute,
                drain);
    }

    private static String pretty(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? (s / 3600) + " h " + (s % 3600) / 60 + " min"
                : s >= 60 ? (s / 60) + " min " + s % 60 + " s" : s + " s";
    }
}
