package io.describer.camel.job.jdbc;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.job.CreditCeiling;
import io.describer.camel.job.CreditCharge;
import io.describer.camel.job.CreditLedger;
import io.describer.camel.job.CreditPeriod;
import io.describer.camel.job.DuplicateJobException;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.Reservation;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobStore} on plain JDBC: H2 (embedded default) and PostgreSQL (cluster). Creates its table on first use.
 * Every operation borrows a connection for one or a few auto-committed statements; each statement is atomic on its
 * own (conditional updates, unique constraints), so no multi-statement transaction is needed. Also the
 * {@link CreditLedger} of credit ceilings, in a table of its own ({@code <table>_credit}).
 */
public class JdbcJobStore implements JobStore, CreditLedger {

    public static final String DEFAULT_TABLE = "describer_job";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int RESERVE_ROUNDS = 10;
    private static final int SCHEMA_ROUNDS = 5;

    private final DataSource dataSource;
    private final JobTable table;
    private final Clock clock;
    private final AutoCloseable resource;
    private final JdbcCreditLedger credits;
    private final Object schemaLock = new Object();
    private volatile Dialect dialect;
    private final StoreFaultLog faultLog = new StoreFaultLog();
    private final GroupCommit group;
    /** Embedded SQLite files only ({@link #withJournal}): the submission writes' journal. */
    private volatile SubmissionJournal journal;
    /** SQLite only, started once the table is there. */
    private volatile WalCheckpointer checkpointer;

    private volatile Runnable guard = () -> {};
    private volatile Consumer<SQLException> afterFailure = e -> {};

    public JdbcJobStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE, Clock.systemUTC());
    }

    public JdbcJobStore(DataSource dataSource, String tableName, Clock clock) {
        this(dataSource, tableName, clock, null);
    }

    /** {@code resource} is closed with the store, e.g. the connection that keeps an embedded database open. */
    public JdbcJobStore(DataSource dataSource, String tableName, Clock clock, AutoCloseable resource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = new JobTable(tableName);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.resource = resource;
        this.credits = new JdbcCreditLedger(dataSource, table.name, clock);
        this.group = new GroupCommit(table.name, this::writerConnection, this::check);
    }

    /**
     * For an embedded store: {@code guard} runs before every operation and throws a {@link JobStoreException} when the
     * store's file is not usable (deleted, replaced); {@code afterFailure} sees every failed statement, e.g. to reopen a
     * database that closed itself after an I/O error, so the store recovers when the cause goes away.
     */
    public JdbcJobStore guardedBy(Runnable guard, Consumer<SQLException> afterFailure) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.afterFailure = Objects.requireNonNull(afterFailure, "afterFailure");
        return this;
    }

    /**
     * Takes the submission writes through a {@link SubmissionJournal} at {@code file}, first applying what a stopped
     * process left in it. For a store file only this JVM writes (the embedded default locks its file): the journal
     * answers new dedupe keys from what it knows of the table.
     */
    public JdbcJobStore withJournal(Path file) {
        try {
            connectionAsIs().close();
            if (dialect != Dialect.SQLITE) {
                throw new IllegalStateException("A submission journal is for SQLite store files, not " + dialect);
            }
            journal = SubmissionJournal.open(file, table.name, this::applyJournalEntry, j -> {
                group.run(s -> {
                    try (Statement st = s.connection().createStatement()) {
                        for (String ddl : SubmissionJournal.ddl(table.name)) {
                            st.execute(ddl);
                        }
                    }
                    long applied;
                    try (Statement st = s.connection().createStatement();
                            ResultSet rs = st.executeQuery(SubmissionJournal.selectApplied(table.name))) {
                        rs.next();
                        applied = rs.getLong(1);
                    }
                    try {
                        return j.recover(s, applied);
                    } catch (IOException e) {
                        throw new SQLException("Cannot read the journal " + file + ": " + e.getMessage(), e);
                    }
                });
                Set<Long> keys = new HashSet<>();
                Set<Long> jobs = new HashSet<>();
                loadKnown(keys, jobs);
                j.known(keys, jobs);
            });
            return this;
        } catch (IOException e) {
            throw new JobStoreException("Cannot open the job store's journal " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw failure("open the journal " + file, e);
        }
    }

    /** Returns once every write made so far is in the table, also those still in the journal (if any). */
    public void awaitJournal() {
        SubmissionJournal j = journal;
        if (j != null) {
            j.awaitApplied();
        }
    }

    /** Every dedupe key and job id of the table, as {@link #keyOf} numbers. */
    private void loadKnown(Set<Long> keys, Set<Long> jobs) throws SQLException {
        try (Connection c = connectionAsIs();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(table.selectKnown())) {
            while (rs.next()) {
                String hash = rs.getString(1);
                if (hash != null) {
                    keys.add(keyOf(hash));
                }
                String jobId = rs.getString(2);
                if (jobId != null) {
                    jobs.add(keyOf(JobTable.hash(jobId)));
                }
            }
        }
    }

    public String tableName() {
        return table.name;
    }

    // ---- submission

    @Override
    public Reservation reserve(String dedupeKey, String owner, Duration lease) {
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        requireText(owner, "owner");
        requirePositive(lease);
        if (reservedInJournal(dedupeKey, hash, owner, lease, null)) {
            return Reservation.reserved();
        }
        Reservation outcome;
        try {
            outcome = write(c -> reserveIn(c, dedupeKey, hash, owner, lease, null));
        } catch (SQLException e) {
            throw failure("reserve a dedupe key", e);
        }
        if (outcome == null) {
            throw new JobStoreException("Could not reserve dedupe key '" + dedupeKey + "': kept changing under us");
        }
        return outcome;
    }

    @Override
    public Reservation reserveNoted(String dedupeKey, String owner, Duration lease, UncertainSubmission draft) {
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        requireText(owner, "owner");
        requirePositive(lease);
        Objects.requireNonNull(draft, "draft");
        if (reservedInJournal(dedupeKey, hash, owner, lease, draft)) {
            return Reservation.reserved();
        }
        Reservation outcome;
        try {
            outcome = write(c -> reserveIn(c, dedupeKey, hash, owner, lease, draft));
        } catch (SQLException e) {
            throw failure("reserve a dedupe key", e);
        }
        if (outcome == null) {
            throw new JobStoreException("Could not reserve dedupe key '" + dedupeKey + "': kept changing under us");
        }
        return outcome;
    }

    /** A key no row has, reserved by an append to the journal (when there is one and it takes it). */
    private boolean reservedInJournal(
            String dedupeKey, String hash, String owner, Duration lease, UncertainSubmission draft) {
        SubmissionJournal j = journal;
        if (j == null) {
            return false;
        }
        check();
        long at = clock.millis();
        long until = at + lease.toMillis();
        return j.tryReserve(keyOf(hash), until, reservationParams(dedupeKey, hash, owner, at, until, draft), group);
    }

    private static Object[] reservationParams(
            String key, String hash, String owner, long at, long until, UncertainSubmission draft) {
        Object[] params = {key, hash, at, at, at, owner, until};
        if (draft == null) {
            return params;
        }
        Object[] noted = notedColumns(draft);
        params = Arrays.copyOf(params, params.length + noted.length);
        System.arraycopy(noted, 0, params, params.length - noted.length, noted.length);
        return params;
    }

    /** The first 64 bits of a SHA-256 hex hash: what the journal's sets of known keys and job ids hold. */
    static long keyOf(String hash) {
        return Long.parseUnsignedLong(hash, 0, 16, 16);
    }

    /** Tells the journal (if any) that another operation changes the rows of this key. */
    private void touched(String hash) {
        SubmissionJournal j = journal;
        if (j != null) {
            j.touched(keyOf(hash));
        }
    }

    /**
     * The reservation's rounds on one connection, noting {@code draft} (if not null) on the reservation made; null when
     * the key kept changing under us.
     */
    private Reservation reserveIn(
            Statements c, String dedupeKey, String hash, String owner, Duration lease, UncertainSubmission draft)
            throws SQLException {
        // insert-or-fail on the unique hash is the portable atomic step; the loop covers a reservation
        // released or taken over between our failed insert and our look at it
        for (int round = 0; round < RESERVE_ROUNDS; round++) {
            Instant now = clock.instant();
            long until = now.plus(lease).toEpochMilli();
            if (insertReservation(c, dedupeKey, hash, owner, now, until, draft)) {
                return Reservation.reserved();
            }
            String vanished = null;
            PreparedStatement ps = c.prepare(table.selectByHash());
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    continue;
                }
                String state = rs.getString("state");
                if (JobTable.UNCERTAIN.equals(state)) {
                    return Reservation.uncertain(JobTable.mapUncertain(rs));
                }
                if (!JobTable.RESERVED.equals(state)) {
                    return Reservation.existing(JobTable.map(rs));
                }
                Instant heldUntil = JobTable.getMillis(rs, "lease_until");
                if (heldUntil.isAfter(now)) {
                    return Reservation.inProgress(rs.getString("lease_owner"), heldUntil);
                }
                if (rs.getString("job_type") != null) {
                    vanished = rs.getString("lease_owner");
                }
            }
            if (vanished != null) {
                // its holder had sent the job start when it vanished: the job may exist, so never take it over
                update(
                        c,
                        table.expireNotedReservation(),
                        "Node " + vanished + " did not record the outcome of its job start within the"
                                + " reservation lease (it may have crashed)",
                        now.toEpochMilli(),
                        hash,
                        now.toEpochMilli());
                continue;
            }
            if (update(c, table.takeOverReservation(), owner, until, now.toEpochMilli(), hash, now.toEpochMilli())
                    == 1) {
                if (draft != null) {
                    update(c, table.noteSubmission(), noteParams(draft, hash, owner));
                }
                LOG.info("Took over an expired reservation for dedupe key '{}' as {}", dedupeKey, owner);
                return Reservation.reserved();
            }
        }
        return null;
    }

    /** True when inserted (with {@code draft} noted in the same row, if not null), false when the key is taken. */
    private boolean insertReservation(
            Statements c, String key, String hash, String owner, Instant now, long until, UncertainSubmission draft)
            throws SQLException {
        Object[] params = reservationParams(key, hash, owner, now.toEpochMilli(), until, draft);
        try {
            return update(c, table.insertReservation(dialect, draft != null), params) == 1;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean renewReservation(String dedupeKey, String owner, Duration lease) {
        requirePositive(lease);
        Instant now = clock.instant();
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        touched(hash);
        return update(
                        "renew a reservation",
                        table.renewReservation(),
                        now.plus(lease).toEpochMilli(),
                        now.toEpochMilli(),
                        hash,
                        owner)
                == 1;
    }

    @Override
    public boolean releaseReservation(String dedupeKey, String owner) {
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        touched(hash);
        return update("release a reservation", table.deleteReservation(), hash, owner) == 1;
    }

    @Override
    public StoredJob record(StoredJob job) {
        Objects.requireNonNull(job, "job");
        Instant now = clock.instant();
        StoredJob stored = new StoredJob(
                job.jobId(),
                job.mediaId(),
                job.jobType(),
                job.generationConfig(),
                job.correlationHeaders(),
                job.dedupeKey(),
                job.status(),
                job.state(),
                job.attempts(),
                job.nextPollAt() != null ? job.nextPollAt() : now,
                job.createdAt() != null ? job.createdAt() : now,
                now,
                job.leaseOwner(),
                job.leaseUntil(),
                JobTable.truncate(job.lastError()),
                job.tenant(),
                0); // a recorded job was never emitted
        SubmissionJournal j = journal;
        if (j != null) {
            check();
            long jobKey = keyOf(JobTable.hash(stored.jobId()));
            if (stored.dedupeKey() == null) {
                j.touchedJob(jobKey);
            } else if (j.tryRecord(
                    keyOf(JobTable.hash(stored.dedupeKey())),
                    jobKey,
                    now.toEpochMilli(),
                    JournalEntries.jobParams(stored),
                    group)) {
                return stored;
            }
        }
        try {
            return write(c -> fillOrInsert(c, stored));
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                StoredJob existing = find(job.jobId())
                        .or(() -> job.dedupeKey() == null ? Optional.empty() : findByDedupeKey(job.dedupeKey()))
                        .orElse(null);
                String why = existing == null || existing.jobId().equals(job.jobId())
                        ? "already stored"
                        : "its dedupe key belongs to job " + existing.jobId();
                throw new DuplicateJobException("Job " + job.jobId() + " not recorded: " + why, existing, e);
            }
            throw failure("record job " + job.jobId(), e);
        }
    }

    /** Fills the job's reservation, or inserts the job when it has none. */
    private StoredJob fillOrInsert(Statements c, StoredJob stored) throws SQLException {
        if (stored.dedupeKey() != null) {
            PreparedStatement fill = c.prepare(table.fillReservation());
            fill.setString(JobTable.bindFill(fill, stored), JobTable.hash(stored.dedupeKey()));
            if (fill.executeUpdate() == 1) {
                return stored;
            }
        }
        return insertJob(c, stored);
    }

    private StoredJob insertJob(Statements c, StoredJob stored) throws SQLException {
        PreparedStatement insert = c.prepare(table.insertJob());
        JobTable.bindJob(insert, stored);
        insert.executeUpdate();
        return stored;
    }

    /**
     * Writes a journal entry into the table. Its caller was answered when it was appended, so a conflict here (none is
     * expected: the journal only takes entries whose outcome it knows) is logged for an operator, naming what to settle.
     */
    private void applyJournalEntry(Statements c, byte kind, Object[] params) throws SQLException {
        try {
            if (kind == SubmissionJournal.RESERVE) {
                if (update(c, table.insertReservation(dialect, params.length > 7), params) != 1) {
                    LOG.error("A journaled reservation of dedupe key '{}' found the key taken", params[0]);
                }
                return;
            }
            StoredJob job = JournalEntries.job(params);
            if (kind == SubmissionJournal.INSERT) {
                insertJob(c, job);
            } else {
                fillOrInsert(c, job);
            }
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            LOG.error(
                    "Journaled {} could not be written: {}; settle it by hand",
                    kind == SubmissionJournal.RESERVE ? "reservation of " + params[0] : "job " + params[0],
                    e.getMessage());
        }
    }

    // ---- uncertain submissions

    @Override
    public boolean noteSubmission(UncertainSubmission draft, String owner) {
        Objects.requireNonNull(draft, "draft");
        String hash = JobTable.hash(requireText(draft.dedupeKey(), "dedupeKey"));
        touched(hash);
        return update("note a submission", table.noteSubmission(), noteParams(draft, hash, requireText(owner, "owner")))
                == 1;
    }

    private Object[] noteParams(UncertainSubmission draft, String hash, String owner) {
        Object[] noted = notedColumns(draft);
        Object[] params = Arrays.copyOf(noted, noted.length + 3);
        params[noted.length] = clock.millis();
        params[noted.length + 1] = hash;
        params[noted.length + 2] = owner;
        return params;
    }

    /** What a job start notes on its reservation: job type, config, headers, media id, tenant. */
    private static Object[] notedColumns(UncertainSubmission draft) {
        return new Object[] {
            typeName(draft),
            draft.generationConfig(),
            JobTable.headersToJson(draft.correlationHeaders()),
            draft.mediaId(),
            draft.tenant()
        };
    }

    @Override
    public boolean markUncertain(UncertainSubmission submission, String owner) {
        Objects.requireNonNull(submission, "submission");
        requireText(owner, "owner");
        long now = clock.millis();
        String hash = JobTable.hash(requireText(submission.dedupeKey(), "dedupeKey"));
        touched(hash);
        String error = JobTable.truncate(submission.error());
        try {
            return write(c -> markUncertainIn(c, submission, owner, now, hash, error));
        } catch (SQLException e) {
            throw failure("record an uncertain submission", e);
        }
    }

    private boolean markUncertainIn(
            Statements c, UncertainSubmission submission, String owner, long now, String hash, String error)
            throws SQLException {
        if (update(
                        c,
                        table.markUncertain(),
                        typeName(submission),
                        submission.generationConfig(),
                        JobTable.headersToJson(submission.correlationHeaders()),
                        submission.mediaId(),
                        submission.tenant(),
                        error,
                        now,
                        hash,
                        owner)
                == 1) {
            return true;
        }
        try {
            update(
                    c,
                    table.insertUncertain(),
                    submission.dedupeKey(),
                    hash,
                    typeName(submission),
                    submission.generationConfig(),
                    JobTable.headersToJson(submission.correlationHeaders()),
                    submission.mediaId(),
                    error,
                    now,
                    now,
                    now,
                    owner,
                    submission.tenant());
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            LOG.warn(
                    "Uncertain submission of '{}' not recorded: the key belongs to another row now",
                    submission.dedupeKey());
        }
        return false;
    }

    @Override
    public Optional<UncertainSubmission> findUncertain(String dedupeKey) {
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.selectUncertain())) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JobTable.mapUncertain(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("find an uncertain submission", e);
        }
    }

    @Override
    public long countUncertain() {
        return countLong("count uncertain submissions", table.countUncertain());
    }

    @Override
    public List<UncertainSubmission> listUncertain(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.listUncertain())) {
            ps.setInt(1, limit);
            List<UncertainSubmission> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(JobTable.mapUncertain(rs));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure("list uncertain submissions", e);
        }
    }

    @Override
    public boolean resubmitUncertain(String dedupeKey, String owner, Duration lease, Instant uncertainBefore) {
        requirePositive(lease);
        Instant now = clock.instant();
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        touched(hash);
        return update(
                        "resubmit an uncertain submission",
                        table.resubmitUncertain(),
                        requireText(owner, "owner"),
                        now.plus(lease).toEpochMilli(),
                        now.toEpochMilli(),
                        hash,
                        Objects.requireNonNull(uncertainBefore, "uncertainBefore")
                                .toEpochMilli())
                == 1;
    }

    @Override
    public Optional<StoredJob> settleAsJob(String dedupeKey, String jobId, String mediaId) {
        long now = clock.millis();
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        touched(hash);
        SubmissionJournal j = journal;
        if (j != null) {
            j.touchedJob(keyOf(JobTable.hash(requireText(jobId, "jobId"))));
        }
        int settled;
        try {
            settled = update(
                    "settle an uncertain submission",
                    table.settleAsJob(),
                    requireText(jobId, "jobId"),
                    mediaId,
                    now,
                    now,
                    now,
                    "settled: job " + jobId + " exists",
                    hash);
        } catch (JobStoreException e) {
            if (e.getCause() instanceof SQLException sql && isUniqueViolation(sql)) {
                throw new DuplicateJobException(
                        "Job " + jobId + " is already stored under another dedupe key",
                        find(jobId).orElse(null),
                        sql);
            }
            throw e;
        }
        return settled == 1 ? find(jobId) : Optional.empty();
    }

    @Override
    public boolean settleAsNoJob(String dedupeKey) {
        String hash = JobTable.hash(requireText(dedupeKey, "dedupeKey"));
        touched(hash);
        return update("settle an uncertain submission", table.deleteUncertain(), hash) == 1;
    }

    @Override
    public int recoverAfterRestart(String owner) {
        requireText(owner, "owner");
        long now = clock.millis();
        SubmissionJournal j = journal;
        if (j != null) {
            j.touchedAll();
        }
        try {
            return write(c -> recoverIn(c, owner, now));
        } catch (SQLException e) {
            throw failure("recover after a restart", e);
        }
    }

    private int recoverIn(Statements c, String owner, long now) throws SQLException {
        int uncertain = update(
                c,
                table.recoverNotedReservations(),
                "Node " + owner + " restarted before it recorded the outcome of this job start",
                now,
                owner);
        int freed = update(c, table.deleteUnnotedReservations(), owner);
        int leases = update(c, table.freeLeasesOf(), now, owner);
        if (uncertain + freed + leases > 0) {
            LOG.info(
                    "{} restarted: {} unfinished submission(s) now uncertain, {} reservation(s) that had started"
                            + " nothing freed, {} job lease(s) given back",
                    owner,
                    uncertain,
                    freed,
                    leases);
        }
        return uncertain;
    }

    private static String typeName(UncertainSubmission s) {
        return s.jobType() == null ? null : s.jobType().name();
    }

    // ---- lookup

    @Override
    public Optional<StoredJob> find(String jobId) {
        return queryOne("find a job", table.selectJob(), requireText(jobId, "jobId"));
    }

    @Override
    public Optional<StoredJob> findByDedupeKey(String dedupeKey) {
        return queryOne(
                "find a job by dedupe key",
                table.selectJobByHash(),
                JobTable.hash(requireText(dedupeKey, "dedupeKey")));
    }

    @Override
    public long countPending() {
        return countLong("count pending jobs", table.countPending());
    }

    @Override
    public Map<JobStatus, Long> countPendingByStatus() {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.countPendingByStatus());
                ResultSet rs = ps.executeQuery()) {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            while (rs.next()) {
                counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count pending jobs by status", e);
        }
    }

    @Override
    public Map<String, Long> countPendingByTenant() {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.countPendingByTenant());
                ResultSet rs = ps.executeQuery()) {
            Map<String, Long> counts = new java.util.HashMap<>();
            while (rs.next()) {
                String tenant = rs.getString(1);
                // rows of earlier versions may hold '' where newer ones hold null
                counts.merge(tenant == null || tenant.isEmpty() ? null : tenant, rs.getLong(2), Long::sum);
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count pending jobs by tenant", e);
        }
    }

    @Override
    public Map<String, Map<JobStatus, Long>> countPendingByTenantAndStatus() {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.countPendingByTenantAndStatus());
                ResultSet rs = ps.executeQuery()) {
            Map<String, Map<JobStatus, Long>> counts = new java.util.HashMap<>();
            while (rs.next()) {
                String tenant = rs.getString(1);
                // rows of earlier versions may hold '' where newer ones hold null
                counts.computeIfAbsent(
                                tenant == null || tenant.isEmpty() ? null : tenant, t -> new EnumMap<>(JobStatus.class))
                        .merge(JobStatus.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count pending jobs by tenant and status", e);
        }
    }

    @Override
    public Map<JobStatus, Long> countPendingByStatus(String tenant) {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.countPendingByStatusOf())) {
            ps.setString(1, tenant == null ? "" : tenant);
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count a tenant's pending jobs by status", e);
        }
    }

    @Override
    public long countReservedElsewhere(String keyPrefix, String owner) {
        return countLong(
                "count other nodes' reservations",
                table.countReservedElsewhere(),
                like(keyPrefix),
                requireText(owner, "owner"),
                clock.millis());
    }

    @Override
    public long countReservedBefore(String keyPrefix, String dedupeKey) {
        // the count includes the reservation itself
        return countLong(
                        "count the reservations before one",
                        table.countReservedBefore(),
                        like(keyPrefix),
                        clock.millis(),
                        JobTable.hash(requireText(dedupeKey, "dedupeKey")))
                - 1;
    }

    /** A LIKE pattern for keys starting with {@code prefix}, escaped with a backslash. */
    private static String like(String prefix) {
        return requireText(prefix, "keyPrefix")
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                + "%";
    }

    @Override
    public List<StoredJob> listPending(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(table.listPending())) {
            ps.setInt(1, limit);
            return mapAll(ps);
        } catch (SQLException e) {
            throw failure("list pending jobs", e);
        }
    }

    // ---- polling

    @Override
    public List<StoredJob> claimDue(String owner, int max, Duration lease) {
        requireText(owner, "owner");
        requirePositive(lease);
        if (max <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        long until = now.plus(lease).toEpochMilli();
        try {
            List<StoredJob> claimed = write(c -> dialect.claimsInOneStatement()
                    ? claimAtOnce(c, owner, max, until, now.toEpochMilli())
                    : claimOptimistic(c, owner, max, until, now.toEpochMilli()));
            if (!claimed.isEmpty()) {
                LOG.debug("{} claimed {} job(s) until {}", owner, claimed.size(), Instant.ofEpochMilli(until));
            }
            return claimed;
        } catch (SQLException e) {
            throw failure("claim due jobs", e);
        }
    }

    /** PostgreSQL (skipping rows other claimers lock) and SQLite (one writer: the statement is the claim). */
    private List<StoredJob> claimAtOnce(Statements c, String owner, int max, long until, long now) throws SQLException {
        PreparedStatement ps = c.prepare(table.claimAtOnce(dialect));
        bind(ps, owner, until, now, now, now, max);
        List<StoredJob> jobs = mapAll(ps);
        // RETURNING keeps no order
        jobs.sort(Comparator.comparing(StoredJob::nextPollAt)
                .thenComparing(StoredJob::createdAt)
                .thenComparing(StoredJob::jobId));
        return jobs;
    }

    /**
     * Select candidates, then take each with an update that only succeeds while the job is still due and free; a
     * competitor that got there first makes our update count 0 and we skip the job. Over-fetches so a few lost races
     * still fill the batch.
     */
    private List<StoredJob> claimOptimistic(Statements c, String owner, int max, long until, long now)
            throws SQLException {
        List<String> candidates = new ArrayList<>();
        PreparedStatement due = c.prepare(table.selectDueIds());
        bind(due, now, now, Math.min(max * 2L, Integer.MAX_VALUE));
        try (ResultSet rs = due.executeQuery()) {
            while (rs.next()) {
                candidates.add(rs.getString(1));
            }
        }
        List<StoredJob> claimed = new ArrayList<>();
        for (String jobId : candidates) {
            if (claimed.size() == max) {
                break;
            }
            if (update(c, table.claimOne(), owner, until, now, jobId, now, now) == 1) {
                PreparedStatement leased = c.prepare(table.selectLeased());
                bind(leased, jobId, owner);
                claimed.addAll(mapAll(leased));
            }
        }
        return claimed;
    }

    @Override
    public boolean renewLease(String jobId, String owner, Duration lease) {
        requirePositive(lease);
        Instant now = clock.instant();
        return update(
                        "renew a lease",
                        table.renewLease(),
                        now.plus(lease).toEpochMilli(),
                        now.toEpochMilli(),
                        jobId,
                        owner)
                == 1;
    }

    @Override
    public boolean updateStatus(String jobId, String owner, JobStatus status, String lastError) {
        return update(
                        "update a job's status",
                        table.updateStatus(),
                        Objects.requireNonNull(status, "status").name(),
                        JobTable.truncate(lastError),
                        clock.millis(),
                        jobId,
                        owner)
                == 1;
    }

    @Override
    public boolean reschedule(String jobId, String owner, JobStatus status, Instant nextPollAt, String lastError) {
        return update(
                        "reschedule a job",
                        table.reschedule(),
                        Objects.requireNonNull(status, "status").name(),
                        Objects.requireNonNull(nextPollAt, "nextPollAt").toEpochMilli(),
                        JobTable.truncate(lastError),
                        clock.millis(),
                        jobId,
                        owner)
                == 1;
    }

    @Override
    public boolean markDelivered(String jobId, String owner) {
        return update("mark a job delivered", table.markDelivered(), clock.millis(), jobId, owner) == 1;
    }

    @Override
    public boolean release(String jobId, String owner, Instant nextPollAt, String lastError) {
        return update(
                        "release a job",
                        table.release(),
                        Objects.requireNonNull(nextPollAt, "nextPollAt").toEpochMilli(),
                        JobTable.truncate(lastError),
                        clock.millis(),
                        jobId,
                        owner)
                == 1;
    }

    @Override
    public int purge(Instant before) {
        long millis = Objects.requireNonNull(before, "before").toEpochMilli();
        int purged = update("purge old jobs", table.purge(), millis, millis);
        SubmissionJournal j = journal;
        if (j != null && purged > 0) {
            // the purged keys may be reserved again without the table's help
            j.reload(this::loadKnown);
        }
        return purged;
    }

    // ---- credit ledger

    @Override
    public CreditCharge charge(List<CreditCeiling> ceilings, long amount) {
        return credits.charge(ceilings, amount);
    }

    @Override
    public void refund(CreditCharge charge) {
        credits.refund(charge);
    }

    @Override
    public long spent(String scope, CreditPeriod period) {
        return credits.spent(scope, period);
    }

    @Override
    public int purgeCredits(Instant before) {
        return credits.purgeCredits(before);
    }

    @Override
    public void close() {
        SubmissionJournal j = journal;
        if (j != null) {
            journal = null;
            try {
                j.awaitApplied();
            } catch (RuntimeException e) {
                // the entries stay in the journal's file: the next store on it applies them
                LOG.warn("Closing job store {} with journal entries not applied: {}", table.name, e.getMessage());
            }
            SubmissionJournal.release(j);
        }
        synchronized (schemaLock) {
            if (checkpointer != null) {
                checkpointer.close();
            }
        }
        group.close();
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing job store {} failed: {}", table.name, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        // never the data source: its URL or properties may carry credentials
        return "JdbcJobStore[table=" + table.name + (dialect != null ? ", " + dialect : "") + "]";
    }

    // ---- plumbing

    /** A connection to a database whose table exists. */
    private Connection connection() throws SQLException {
        SubmissionJournal j = journal;
        if (j != null) {
            // reads see every write made before them, also those still in the journal
            j.awaitApplied();
        }
        return connectionAsIs();
    }

    /** As {@link #connection()}, without waiting for the journal (its own reads, the writer's connection). */
    private Connection connectionAsIs() throws SQLException {
        check();
        Connection c = dataSource.getConnection();
        try {
            // every statement stands alone; a pool may hand out connections left in manual-commit mode
            c.setAutoCommit(true);
            if (dialect == null) {
                createSchema(c);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The connection of the group commits (SQLite): it leaves checkpoints to the {@link WalCheckpointer}. */
    private Connection writerConnection() throws SQLException {
        Connection c = connectionAsIs();
        try {
            WalCheckpointer.configureWriter(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Refuses an operation while the store's file is not usable (an embedded store's guard). */
    private void check() {
        try {
            guard.run();
        } catch (JobStoreException e) {
            faultLog.fault(e.getMessage());
            throw e;
        }
    }

    /**
     * {@code IF NOT EXISTS} alone is not enough when two nodes start together: PostgreSQL may still fail one of them
     * on its catalog's unique index. So retry until the probe sees the table.
     */
    private void createSchema(Connection c) throws SQLException {
        synchronized (schemaLock) {
            if (dialect != null) {
                return;
            }
            Dialect detected = Dialect.of(c.getMetaData().getDatabaseProductName());
            SQLException last = null;
            for (int round = 0; round < SCHEMA_ROUNDS; round++) {
                try (Statement st = c.createStatement()) {
                    for (String sql : table.ddl(detected)) {
                        st.execute(sql);
                    }
                    addColumn(st, table.probeTenant(), table.addTenant());
                    addColumn(st, table.probeEmissions(), table.addEmissions());
                    st.executeQuery(table.probe()).close();
                    LOG.debug("Job table {} ready on {}", table.name, detected);
                    if (detected == Dialect.SQLITE) {
                        checkpointer = new WalCheckpointer(table.name, this::connectionAsIs, group);
                    }
                    dialect = detected;
                    return;
                } catch (SQLException e) {
                    LOG.debug("Creating job table {} failed (round {}): {}", table.name, round + 1, e.getMessage());
                    last = e;
                    pause(50L * (round + 1));
                }
            }
            throw last;
        }
    }

    /** A column added after the first version, added to a table of an earlier one. */
    private static void addColumn(Statement st, String probe, String add) throws SQLException {
        try {
            st.executeQuery(probe).close();
        } catch (SQLException missing) {
            st.execute(add);
        }
    }

    /**
     * Runs the writes of one operation: on SQLite in the next group commit with the writes other threads queued
     * meanwhile (one writer at a time: they queued on its lock one commit each), elsewhere on a connection of their
     * own in auto-commit. Either way the call returns once its writes are committed.
     */
    private <T> T write(GroupCommit.Work<T> work) throws SQLException {
        if (dialect == null) {
            connectionAsIs().close();
        }
        SubmissionJournal j = journal;
        if (j != null) {
            // in order after the journal's entries (stores of the same file in this JVM commit on their own)
            j.awaitApplied();
        }
        if (dialect == Dialect.SQLITE) {
            return group.run(work);
        }
        try (Connection c = connection();
                Statements statements = Statements.oneShot(c)) {
            return work.run(statements);
        }
    }

    private Optional<StoredJob> queryOne(String what, String sql, String key) {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            List<StoredJob> jobs = mapAll(ps);
            return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** The single number a {@code SELECT COUNT(*)} answers. */
    private long countLong(String what, String sql, Object... params) {
        try (Connection c = connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private int update(String what, String sql, Object... params) {
        try {
            int rows = write(c -> update(c, sql, params));
            faultLog.healthy(table.name);
            return rows;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static int update(Statements c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepare(sql);
        bind(ps, params);
        return ps.executeUpdate();
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private static List<StoredJob> mapAll(PreparedStatement ps) throws SQLException {
        List<StoredJob> jobs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                jobs.add(JobTable.map(rs));
            }
        }
        return jobs;
    }

    static boolean isUniqueViolation(SQLException e) {
        // 23505 is the standard code (H2, PostgreSQL); some databases only say 23000 (any integrity violation)
        return UNIQUE_VIOLATION.equals(e.getSQLState())
                || "23000".equals(e.getSQLState()) && e instanceof SQLIntegrityConstraintViolationException
                || isSqliteUniqueViolation(e);
    }

    /** sqlite-jdbc sets no SQL state: SQLITE_CONSTRAINT (19), its message names the UNIQUE or PRIMARY KEY kind. */
    private static boolean isSqliteUniqueViolation(SQLException e) {
        String message = e.getMessage();
        return e.getErrorCode() == 19
                && message != null
                && (message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY"));
    }

    private JobStoreException failure(String what, SQLException e) {
        String reason = "Job store " + table.name + ": cannot " + what + ": " + e.getMessage();
        faultLog.fault(reason);
        try {
            afterFailure.accept(e);
        } catch (RuntimeException reopen) {
            LOG.debug("Reopening the job store failed: {}", reopen.toString());
        }
        return new JobStoreException(reason, e);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static void requirePositive(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
