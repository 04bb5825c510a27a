package io.describer.camel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.describer.camel.client.DescriberNotFoundException;
import io.describer.camel.client.model.JobResults;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.CheckCapacity;
import io.describer.camel.job.DueWakeups;
import io.describer.camel.job.JobDelivery;
import io.describer.camel.job.JobPolling;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.PollRetry;
import io.describer.camel.job.ResultsExchanges;
import io.describer.camel.job.StoredJob;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per finished job of the job store. Claims take the due jobs (a lease, so other nodes skip them)
 * up to the free capacity of a bounded pool of checkers, which ask the service about each concurrently; finished text
 * jobs and failures are handed on from the checker, audio and video results after their download on a pool of their
 * own. A job counts as delivered only when its exchange completes, and comes back later when it rolls back. The leases
 * of claimed jobs are renewed until then, however long the download and the route take.
 *
 * <p>Claims run at every scheduled poll ({@code delay}), when a job this consumer rescheduled falls due, and when the
 * checkers run short of work while more jobs are due ({@link CheckCapacity}). With {@code maxMessagesPerPoll} set,
 * only the scheduled polls claim, at most that many each.
 */
public class DescriberConsumer extends ScheduledPollConsumer implements DescriberComponent.JobListener {

    private static final Logger LOG = LoggerFactory.getLogger(DescriberConsumer.class);

    /** An idle checker thread ends after this. */
    static final Duration CHECKER_IDLE = Duration.ofMinutes(1);

    private final ResultsExchanges results;
    /** Jobs claimed and not yet given back (rescheduled, released or delivered): their leases are kept alive. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private final ReentrantLock claimLock = new ReentrantLock();
    private final AtomicBoolean claimRequested = new AtomicBoolean();
    /** A failure of the service seen by a checker, reported by the next scheduled poll. */
    private final AtomicReference<Exception> checkFailure = new AtomicReference<>();

    private final Clock clock = Clock.systemUTC();

    private int maxMessagesPerPoll;
    private volatile boolean stopping;
    private CheckCapacity capacity;
    private ExecutorService checkers;
    private ExecutorService downloads;
    private ScheduledExecutorService timer;
    private DueWakeups wakeups;
    private ScheduledExecutorService leaseRenewer;

    public DescriberConsumer(DescriberEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.results = new ResultsExchanges(endpoint);
    }

    @Override
    public DescriberEndpoint getEndpoint() {
        return (DescriberEndpoint) super.getEndpoint();
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /** 0: claim what is due up to the checkers' capacity, also between polls; more: at most this many per poll. */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    /** Claimed jobs waiting for a checker or being checked. */
    public int getChecksInFlight() {
        return capacity == null ? 0 : capacity.inFlight();
    }

    /**
     * Without renewal a lease ran out while a slow route (a large upload of the result, a long batch) still worked on
     * the job's exchange, and another node, or this one's next poll, claimed and delivered the job a second time.
     * Renewal runs on a thread of its own because a synchronous route occupies the thread that hands the exchange on.
     */
    @Override
    protected void doStart() throws Exception {
        // opened now, so a store another JVM holds (or whose file is lost) fails the route's start, not every poll
        getEndpoint().getJobStore();
        DescriberConfiguration c = getEndpoint().getConfiguration();
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        stopping = false;
        capacity = new CheckCapacity(c.getCheckConcurrency());
        // threads started as checks need them, ended after a minute idle: as many run as the due jobs keep busy
        ThreadPoolProfile profile = new ThreadPoolProfile("DescriberCheck");
        profile.setPoolSize(c.getCheckConcurrency());
        profile.setMaxPoolSize(c.getCheckConcurrency());
        profile.setKeepAliveTime(CHECKER_IDLE.toSeconds());
        profile.setTimeUnit(TimeUnit.SECONDS);
        profile.setAllowCoreThreadTimeOut(true);
        // unbounded (Camel reads -1 as no queue), and never run on the claim thread: a claimed job waits for a checker
        profile.setMaxQueueSize(Integer.MAX_VALUE);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        checkers = executors.newThreadPool(this, "DescriberCheck", profile);
        downloads = executors.newFixedThreadPool(this, "DescriberDownload", c.getDownloadConcurrency());
        timer = executors.newSingleThreadScheduledExecutor(this, "DescriberClaim");
        wakeups = new DueWakeups(timer, clock, this::requestClaim);
        long period = Math.max(10, c.getLeaseDuration() / 3);
        leaseRenewer = executors.newSingleThreadScheduledExecutor(this, "DescriberLeaseRenewal");
        leaseRenewer.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        getEndpoint().getComponent().addJobListener(this);
        super.doStart();
    }

    /** A job submitted here: checked when it falls due rather than at the next scheduled poll. */
    @Override
    public void jobRecorded(StoredJob job) {
        if (job.leaseOwner() == null) {
            wakeAt(job.nextPollAt() != null ? job.nextPollAt() : clock.instant());
        }
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        getEndpoint().getComponent().removeJobListener(this);
        // a claim under way finishes queueing its checks first, so they find the stop and give their jobs back
        claimLock.lock();
        claimLock.unlock();
        super.doStop();
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        // not shutdownNow anywhere: an interrupted job store write makes H2 close its file. Queued checks and
        // downloads see the stop and give their jobs back; running ones finish.
        if (timer != null) {
            executors.shutdown(timer);
            executors.shutdown(checkers);
            executors.shutdown(downloads);
            if (!checkers.awaitTermination(getEndpoint().getConfiguration().getReadTimeout(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Checks still running after the consumer stopped; their jobs come back when their leases end");
            }
            executors.shutdown(leaseRenewer);
            timer = null;
        }
    }

    private void renewLeases() {
        Duration lease = Duration.ofMillis(getEndpoint().getConfiguration().getLeaseDuration());
        for (String jobId : held) {
            try {
                if (!getEndpoint().getJobStore().renewLease(jobId, getEndpoint().getNodeId(), lease)
                        && held.remove(jobId)) {
                    LOG.warn("Lost the lease of job {} while delivering it; another node may deliver it too", jobId);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of job {}: {}", jobId, e.getMessage());
            }
        }
    }

    /** The scheduled poll: reports a failure the checkers met since the last one, else claims. */
    @Override
    protected int poll() throws Exception {
        Exception failure = checkFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        try {
            return claim(maxMessagesPerPoll);
        } catch (JobStoreException e) {
            // the store logs its fault once and the describer-job-store check is DOWN: no stack trace per poll
            LOG.debug("Could not claim due jobs: {}", e.getMessage());
            return 0;
        }
    }

    /** Asks for a claim between scheduled polls, on the claim thread; requests made while one waits are merged. */
    private void requestClaim() {
        if (maxMessagesPerPoll > 0 || stopping || !claimRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.execute(() -> {
                claimRequested.set(false);
                try {
                    claim(0);
                } catch (RuntimeException e) {
                    LOG.warn("Could not claim due jobs: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            claimRequested.set(false);
        }
    }

    /** Claims due jobs up to the free capacity (and {@code cap} when positive) and queues their checks. */
    private int claim(int cap) {
        claimLock.lock();
        try {
            if (stopping || !isRunAllowed() || isSuspendingOrSuspended()) {
                return 0;
            }
            int room = capacity.room(cap);
            if (room == 0) {
                return 0;
            }
            DescriberEndpoint endpoint = getEndpoint();
            List<StoredJob> claimed = endpoint.getJobStore()
                    .claimDue(
                            endpoint.getNodeId(),
                            room,
                            Duration.ofMillis(endpoint.getConfiguration().getLeaseDuration()));
            capacity.claimed(room, claimed.size());
            for (StoredJob job : claimed) {
                if (!held.add(job.jobId())) {
                    // still ours from an earlier claim (its lease was renewed): one check at a time
                    capacity.finished();
                    continue;
                }
                try {
                    checkers.execute(() -> check(job));
                } catch (RejectedExecutionException e) {
                    giveBack(job.jobId(), clock.instant(), "consumer stopped");
                    capacity.finished();
                }
            }
            return claimed.size();
        } finally {
            claimLock.unlock();
        }
    }

    /** One get_results call, on a checker; hands on or schedules the download of a finished job. */
    private void check(StoredJob job) {
        DescriberEndpoint endpoint = getEndpoint();
        DescriberConfiguration c = endpoint.getConfiguration();
        try {
            if (stopping) {
                giveBack(job.jobId(), clock.instant(), "consumer stopped");
                return;
            }
            JobResults answer = fetch(job);
            endpoint.getEvents().observed(job, answer.status());
            Instant now = clock.instant();
            JobStore store = endpoint.getJobStore();
            if (!answer.isTerminal()) {
                held.remove(job.jobId());
                // a status this client does not know reads as null: keep the last known one, or the store refuses the
                // update and, the job being the oldest, every poll failed on it before reaching any other job
                JobStatus status = answer.status() != null ? answer.status() : job.status();
                Instant next = JobPolling.nextPoll(job.createdAt(), now, c);
                store.reschedule(job.jobId(), endpoint.getNodeId(), status, next, null);
                wakeAt(next);
                return;
            }
            store.updateStatus(job.jobId(), endpoint.getNodeId(), answer.status(), answer.errorMessage());
            if (answer.status() == JobStatus.FAILED || job.jobType() == JobType.TEXT) {
                deliver(job, answer);
            } else {
                downloads.execute(() -> deliver(job, answer));
            }
        } catch (RejectedExecutionException e) {
            giveBack(job.jobId(), clock.instant(), "consumer stopped");
        } catch (Exception e) {
            // the service or its credentials are failing: give the job back for its next interval and let the next
            // scheduled poll report it
            checkFailure.compareAndSet(null, e);
            // never asked again before the service's retry_after
            Duration wait = PollRetry.delayAfter(e, c.getJobPollInterval());
            Instant next = clock.instant().plus(wait != null ? wait : Duration.ofMillis(c.getJobPollInterval()));
            giveBackQuietly(job.jobId(), next, e.getMessage());
            wakeAt(next);
        } finally {
            if (capacity.finished()) {
                requestClaim();
            }
        }
    }

    private JobResults fetch(StoredJob job) throws IOException {
        try {
            // each job is polled with its own tenant's key
            return getEndpoint().clientFor(job.tenant()).getResults(job.jobId());
        } catch (DescriberNotFoundException e) {
            // the service no longer knows the job: deliver it as failed rather than poll forever
            return new JobResults(
                    job.jobId(),
                    JobStatus.FAILED,
                    job.mediaId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    "job_not_found",
                    e.getMessage());
        }
    }

    /** Fills the exchange (downloading audio or video) and hands it to the route. */
    private void deliver(StoredJob job, JobResults answer) {
        DescriberConfiguration c = getEndpoint().getConfiguration();
        if (stopping) {
            giveBack(job.jobId(), clock.instant(), "consumer stopped");
            return;
        }
        Exchange exchange = createExchange(true);
        Path spool;
        try {
            spool = results.populate(exchange, job, answer);
        } catch (IOException | RuntimeException e) {
            // a failed download is tried again on a later poll, with fresh signed URLs
            LOG.warn("Could not fetch the results of job {}: {}; retrying later", job.jobId(), e.getMessage());
            Instant next = clock.instant().plusMillis(c.getJobPollInterval());
            giveBackQuietly(job.jobId(), next, e.getMessage());
            releaseExchange(exchange, false);
            wakeAt(next);
            return;
        }
        if (stopping) {
            giveBack(job.jobId(), clock.instant(), "consumer stopped");
            ResultsExchanges.delete(spool);
            releaseExchange(exchange, false);
            return;
        }
        exchange.getExchangeExtension()
                .addOnCompletion(new JobDelivery(
                        getEndpoint(), job.withStatus(answer.status()), spool, true, () -> held.remove(job.jobId())));
        getAsyncProcessor().process(exchange, doneSync -> {});
    }

    private void wakeAt(Instant due) {
        if (maxMessagesPerPoll == 0 && !stopping) {
            wakeups.wakeAt(due);
        }
    }

    /** Stops renewing a claimed job's lease and returns it to the store, claimable again at {@code nextPollAt}. */
    private void giveBack(String jobId, Instant nextPollAt, String reason) {
        held.remove(jobId);
        getEndpoint().getJobStore().release(jobId, getEndpoint().getNodeId(), nextPollAt, reason);
    }

    /** As {@link #giveBack}, when the store may be what fails: its lease then ends and another claim takes the job. */
    private void giveBackQuietly(String jobId, Instant nextPollAt, String reason) {
        try {
            giveBack(jobId, nextPollAt, reason);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back job {}: {}", jobId, e.getMessage());
        }
    }
}
