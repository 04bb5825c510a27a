package io.describer.camel.job.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobState;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;

/**
 * SQL text and row mapping for one job table. Times are epoch milliseconds ({@code BIGINT}): portable and free of
 * time-zone conversions. The {@code state} column is {@code RESERVED} (a dedupe key held before the job exists, no job
 * id yet), {@code UNCERTAIN} (a job start with an unknown outcome, no job id), {@code PENDING} or {@code DELIVERED}.
 */
final class JobTable {

    static final String RESERVED = "RESERVED";
    /** A job start with an unknown outcome: the key stays taken until settled (see {@code UncertainSubmission}). */
    static final String UNCERTAIN = "UNCERTAIN";

    static final String PENDING = JobState.PENDING.name();
    static final String DELIVERED = JobState.DELIVERED.name();
    static final int MAX_ERROR_LENGTH = 4000;

    // the name is spliced into SQL, so only plain identifiers; short enough for "<name>_dedupe_uk" within 63 chars
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {};

    /** Columns of a job, in the order {@link #bindJob} binds and {@link #map} reads them. */
    static final String COLUMNS = "job_id, media_id, job_type, generation_config, correlation_headers, dedupe_key,"
            + " dedupe_hash, status, state, attempts, next_poll_at, created_at, updated_at,"
            + " lease_owner, lease_until, last_error, tenant";

    static final int COLUMN_COUNT = 17;

    /** What a select reads: {@link #COLUMNS}, then the count only the store changes (results exchanges started). */
    static final String SELECTED = COLUMNS + ", emissions";

    final String name;

    JobTable(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid job table name '" + name
                    + "': letters, digits and '_', at most 48, not starting with a digit");
        }
        this.name = name;
    }

    List<String> ddl(Dialect dialect) {
        // dedupe_hash (SHA-256 of the key) carries the UNIQUE constraint so keys of any length stay indexable
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + name + " ("
                        + dialect.idColumn() + ", "
                        + "job_id VARCHAR(255), "
                        + "media_id VARCHAR(255), "
                        + "job_type VARCHAR(16), "
                        + "generation_config VARCHAR, "
                        + "correlation_headers VARCHAR, "
                        + "dedupe_key VARCHAR, "
                        + "dedupe_hash VARCHAR(64), "
                        + "status VARCHAR(16), "
                        + "state VARCHAR(16) NOT NULL, "
                        + "attempts INTEGER DEFAULT 0 NOT NULL, "
                        + "next_poll_at BIGINT NOT NULL, "
                        + "created_at BIGINT NOT NULL, "
                        + "updated_at BIGINT NOT NULL, "
                        + "lease_owner VARCHAR(255), "
                        + "lease_until BIGINT, "
                        + "last_error VARCHAR, "
                        + "tenant VARCHAR(64), "
                        + "CONSTRAINT " + name + "_job_uk UNIQUE (job_id), "
                        + "CONSTRAINT " + name + "_dedupe_uk UNIQUE (dedupe_hash))",
                // the claim's ORDER BY walks this index: a poll reads the rows it claims, not the whole backlog
                "CREATE INDEX IF NOT EXISTS " + name + "_poll_ix ON " + name + " (state, next_poll_at, created_at)",
                // created by earlier versions; the index above serves everything it did
                "DROP INDEX IF EXISTS " + name + "_due_ix");
    }

    /** Probes a column added after the first version: fails on tables of earlier versions. */
    String probeTenant() {
        return "SELECT tenant FROM " + name + " WHERE 1 = 0";
    }

    /** Tables of earlier versions: the tenant whose key polls the job (never the key); SQLite has no IF NOT EXISTS. */
    String addTenant() {
        return "ALTER TABLE " + name + " ADD COLUMN tenant VARCHAR(64)";
    }

    /** As {@link #probeTenant()}, for the count of results exchanges. */
    String probeEmissions() {
        return "SELECT emissions FROM " + name + " WHERE 1 = 0";
    }

    /** Tables of earlier versions: their jobs count as never emitted. */
    String addEmissions() {
        return "ALTER TABLE " + name + " ADD COLUMN emissions INTEGER DEFAULT 0 NOT NULL";
    }

    // ---- SQL

    String probe() {
        return "SELECT COUNT(*) FROM " + name + " WHERE 1 = 0";
    }

    String insertJob() {
        return "INSERT INTO " + name + " (" + COLUMNS + ") VALUES (" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
    }

    /**
     * Fills a reservation with the job ({@link #bindFill}), then the dedupe hash. The key and its hash stay as they are:
     * setting them would rewrite the unique index's entry for nothing.
     */
    String fillReservation() {
        return "UPDATE " + name + " SET job_id = ?, media_id = ?, job_type = ?, generation_config = ?,"
                + " correlation_headers = ?, status = ?, state = ?, attempts = ?, next_poll_at = ?, created_at = ?,"
                + " updated_at = ?, lease_owner = ?, lease_until = ?, last_error = ?, tenant = ?"
                + " WHERE dedupe_hash = ? AND state = '" + RESERVED + "'";
    }

    /**
     * Key, hash, now, now, now, owner, lease until; when {@code noted}, then what {@link #noteSubmission()} notes: job
     * type, config, headers, media id, tenant (one statement instead of two). PostgreSQL and SQLite answer a taken key
     * with 0 rows.
     */
    String insertReservation(Dialect dialect, boolean noted) {
        return "INSERT INTO " + name + " (dedupe_key, dedupe_hash, state, next_poll_at, created_at, updated_at,"
                + " lease_owner, lease_until"
                + (noted ? ", job_type, generation_config, correlation_headers, media_id, tenant" : "")
                + ") VALUES (?, ?, '" + RESERVED + "', ?, ?, ?, ?, ?" + (noted ? ", ?, ?, ?, ?, ?" : "") + ")"
                + (dialect.insertOnConflict() ? " ON CONFLICT (dedupe_hash) DO NOTHING" : "");
    }

    /** Every row's dedupe hash and job id (the submission journal's known keys). */
    String selectKnown() {
        return "SELECT dedupe_hash, job_id FROM " + name;
    }

    /** Any row for a dedupe hash, reservation or job: {@link #COLUMNS}. */
    String selectByHash() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE dedupe_hash = ?";
    }

    /** Takes over an expired reservation: owner, lease until, updated, hash, now. */
    String takeOverReservation() {
        return "UPDATE " + name + " SET lease_owner = ?, lease_until = ?, updated_at = ?"
                + " WHERE dedupe_hash = ? AND state = '" + RESERVED + "' AND lease_until <= ?";
    }

    String renewReservation() {
        return "UPDATE " + name + " SET lease_until = ?, updated_at = ?" + " WHERE dedupe_hash = ? AND state = '"
                + RESERVED + "' AND lease_owner = ?";
    }

    String deleteReservation() {
        return "DELETE FROM " + name + " WHERE dedupe_hash = ? AND state = '" + RESERVED + "' AND lease_owner = ?";
    }

    String selectJob() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE job_id = ?";
    }

    String selectJobByHash() {
        return selectByHash() + " AND state IN ('" + PENDING + "', '" + DELIVERED + "')";
    }

    String countPending() {
        return "SELECT COUNT(*) FROM " + name + " WHERE state = '" + PENDING + "'";
    }

    String countPendingByStatus() {
        return "SELECT status, COUNT(*) FROM " + name + " WHERE state = '" + PENDING + "' GROUP BY status";
    }

    /** The rows without a tenant come back with tenant null. */
    String countPendingByTenantAndStatus() {
        return "SELECT tenant, status, COUNT(*) FROM " + name + " WHERE state = '" + PENDING
                + "' GROUP BY tenant, status";
    }

    String countPendingByTenant() {
        return "SELECT tenant, COUNT(*) FROM " + name + " WHERE state = '" + PENDING + "' GROUP BY tenant";
    }

    /** Tenant; a null tenant is bound as the empty string and matches the rows without one. */
    String countPendingByStatusOf() {
        return "SELECT status, COUNT(*) FROM " + name + " WHERE state = '" + PENDING + "'"
                + " AND COALESCE(tenant, '') = ? GROUP BY status";
    }

    String listPending() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE state = '" + PENDING + "'"
                + " ORDER BY created_at, job_id LIMIT ?";
    }

    /** Due and free: now, now. */
    private String due() {
        return "state = '" + PENDING + "' AND next_poll_at <= ? AND (lease_until IS NULL OR lease_until <= ?)";
    }

    /**
     * Longest due first, then oldest: the order of the {@code _poll_ix} index ({@code state} is constant here, but H2
     * only sorts by an index whose leading column is in the ORDER BY).
     */
    private static final String DUE_ORDER = " ORDER BY state, next_poll_at, created_at";

    /**
     * The claim in one statement: owner, lease until, updated, now, now, max. PostgreSQL skips rows other claimers
     * hold; SQLite needs no locking clause (one writer at a time).
     */
    String claimAtOnce(Dialect dialect) {
        return "UPDATE " + name + " SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE id IN ("
                + "SELECT id FROM " + name + " WHERE " + due() + DUE_ORDER + " LIMIT ?"
                + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + SELECTED;
    }

    /** Optimistic claim, step 1: now, now, limit. */
    String selectDueIds() {
        return "SELECT job_id FROM " + name + " WHERE " + due() + DUE_ORDER + " LIMIT ?";
    }

    /** Optimistic claim, step 2 (wins only if still due and free): owner, lease until, updated, job id, now, now. */
    String claimOne() {
        return "UPDATE " + name + " SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE job_id = ? AND " + due();
    }

    /** A claimed job as it is now: job id, owner. */
    String selectLeased() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE job_id = ? AND lease_owner = ?";
    }

    /** Suffix of every owner-scoped update: job id, owner. */
    private String owned() {
        return " WHERE job_id = ? AND state = '" + PENDING + "' AND lease_owner = ?";
    }

    /** Lease until, updated. */
    String renewLease() {
        return "UPDATE " + name + " SET lease_until = ?, updated_at = ?" + owned();
    }

    /** Status, error, updated. The answer is delivered next: one more results exchange is counted. */
    String updateStatus() {
        return "UPDATE " + name + " SET status = ?, last_error = ?, attempts = attempts + 1,"
                + " emissions = emissions + 1, updated_at = ?" + owned();
    }

    /** Status, next poll, error, updated. */
    String reschedule() {
        return "UPDATE " + name + " SET status = ?, next_poll_at = ?, last_error = ?, attempts = attempts + 1,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = ?" + owned();
    }

    /** Updated. */
    String markDelivered() {
        return "UPDATE " + name + " SET state = '" + DELIVERED + "', lease_owner = NULL, lease_until = NULL,"
                + " updated_at = ?" + owned();
    }

    /** Next poll, error, updated. */
    String release() {
        return "UPDATE " + name + " SET next_poll_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL,"
                + " updated_at = ?" + owned();
    }

    /** Before, before. */
    String purge() {
        return "DELETE FROM " + name + " WHERE (state = '" + DELIVERED + "' AND updated_at < ?)" + " OR (state = '"
                + RESERVED + "' AND lease_until < ? AND job_type IS NULL)";
    }

    // ---- uncertain submissions

    /** Job type, config, headers, media id, tenant, updated, hash, owner. */
    String noteSubmission() {
        return "UPDATE " + name + " SET job_type = ?, generation_config = ?, correlation_headers = ?, media_id = ?,"
                + " tenant = ?, updated_at = ? WHERE dedupe_hash = ? AND state = '" + RESERVED
                + "' AND lease_owner = ?";
    }

    /** Job type, config, headers, media id, tenant, error, updated, hash, owner. */
    String markUncertain() {
        return "UPDATE " + name + " SET state = '" + UNCERTAIN + "', job_type = ?, generation_config = ?,"
                + " correlation_headers = ?, media_id = COALESCE(?, media_id), tenant = COALESCE(?, tenant),"
                + " last_error = ?, lease_until = NULL,"
                + " updated_at = ? WHERE dedupe_hash = ? AND state = '" + RESERVED + "' AND lease_owner = ?";
    }

    /** Key, hash, job type, config, headers, media id, error, next poll, created, updated, owner, tenant. */
    String insertUncertain() {
        return "INSERT INTO " + name + " (dedupe_key, dedupe_hash, job_type, generation_config, correlation_headers,"
                + " media_id, last_error, state, next_poll_at, created_at, updated_at, lease_owner, tenant)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, '" + UNCERTAIN + "', ?, ?, ?, ?, ?)";
    }

    /** A reservation whose holder vanished after noting its job start: error, updated, hash, now. */
    String expireNotedReservation() {
        return "UPDATE " + name + " SET state = '" + UNCERTAIN + "', last_error = ?, lease_until = NULL,"
                + " updated_at = ? WHERE dedupe_hash = ? AND state = '" + RESERVED + "' AND job_type IS NOT NULL"
                + " AND lease_until <= ?";
    }

    String selectUncertain() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE dedupe_hash = ? AND state = '" + UNCERTAIN + "'";
    }

    String countUncertain() {
        return "SELECT COUNT(*) FROM " + name + " WHERE state = '" + UNCERTAIN + "'";
    }

    String listUncertain() {
        return "SELECT " + SELECTED + " FROM " + name + " WHERE state = '" + UNCERTAIN + "'"
                + " ORDER BY updated_at, id LIMIT ?";
    }

    /** Owner, lease until, updated, hash, uncertain before. */
    String resubmitUncertain() {
        return "UPDATE " + name + " SET state = '" + RESERVED + "', lease_owner = ?, lease_until = ?, updated_at = ?"
                + " WHERE dedupe_hash = ? AND state = '" + UNCERTAIN + "' AND updated_at <= ?";
    }

    /** Job id, media id, next poll, created, updated, error, hash. */
    String settleAsJob() {
        return "UPDATE " + name + " SET job_id = ?, media_id = COALESCE(?, media_id), status = '"
                + JobStatus.QUEUED.name() + "', state = '" + PENDING + "', attempts = 0, next_poll_at = ?,"
                + " created_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ?"
                + " WHERE dedupe_hash = ? AND state = '" + UNCERTAIN + "' AND job_type IS NOT NULL";
    }

    String deleteUncertain() {
        return "DELETE FROM " + name + " WHERE dedupe_hash = ? AND state = '" + UNCERTAIN + "'";
    }

    /** Error, updated, owner: reservations whose job start may have gone out. */
    String recoverNotedReservations() {
        return "UPDATE " + name + " SET state = '" + UNCERTAIN + "', last_error = ?, lease_until = NULL,"
                + " updated_at = ? WHERE state = '" + RESERVED + "' AND lease_owner = ? AND job_type IS NOT NULL";
    }

    /** Key pattern (LIKE, escaped with a backslash), owner, now: live reservations of other owners. */
    String countReservedElsewhere() {
        return "SELECT COUNT(*) FROM " + name + " WHERE state = '" + RESERVED + "' AND dedupe_key LIKE ? ESCAPE '\\'"
                + " AND lease_owner <> ? AND lease_until > ?";
    }

    /**
     * Key pattern, now, hash: 1 + the live reservations under the pattern ordered before the one of the hash (created
     * earlier, then by hash); 0 when that one does not exist.
     */
    String countReservedBefore() {
        return "SELECT COUNT(*) FROM " + name + " o, " + name + " m WHERE o.state = '" + RESERVED + "'"
                + " AND o.dedupe_key LIKE ? ESCAPE '\\' AND (o.lease_until > ? OR o.dedupe_hash = m.dedupe_hash)"
                + " AND m.dedupe_hash = ? AND (o.created_at < m.created_at"
                + " OR (o.created_at = m.created_at AND o.dedupe_hash <= m.dedupe_hash))";
    }

    /** Owner: reservations that never got as far as a job start. */
    String deleteUnnotedReservations() {
        return "DELETE FROM " + name + " WHERE state = '" + RESERVED + "' AND lease_owner = ? AND job_type IS NULL";
    }

    /** Updated, owner. */
    String freeLeasesOf() {
        return "UPDATE " + name + " SET lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE state = '"
                + PENDING + "' AND lease_owner = ?";
    }

    /** Reads an uncertain row selected with {@link #COLUMNS}. */
    static UncertainSubmission mapUncertain(ResultSet rs) throws SQLException {
        String type = rs.getString("job_type");
        return new UncertainSubmission(
                rs.getString("dedupe_key"),
                type == null ? null : JobType.valueOf(type),
                rs.getString("generation_config"),
                headersFromJson(rs.getString("correlation_headers")),
                rs.getString("media_id"),
                rs.getString("last_error"),
                getMillis(rs, "updated_at"),
                rs.getString("lease_owner"),
                rs.getString("tenant"));
    }

    // ---- binding and mapping

    /** Binds all {@link #COLUMNS} from parameter index 1. */
    static void bindJob(PreparedStatement ps, StoredJob job) throws SQLException {
        bindColumns(ps, job, true);
    }

    /** Binds the columns {@link #fillReservation()} sets from parameter index 1; returns the next index. */
    static int bindFill(PreparedStatement ps, StoredJob job) throws SQLException {
        return bindColumns(ps, job, false);
    }

    private static int bindColumns(PreparedStatement ps, StoredJob job, boolean dedupe) throws SQLException {
        int i = 1;
        ps.setString(i++, job.jobId());
        ps.setString(i++, job.mediaId());
        ps.setString(i++, job.jobType().name());
        ps.setString(i++, job.generationConfig());
        ps.setString(i++, headersToJson(job.correlationHeaders()));
        if (dedupe) {
            ps.setString(i++, job.dedupeKey());
            ps.setString(i++, job.dedupeKey() == null ? null : hash(job.dedupeKey()));
        }
        ps.setString(i++, job.status().name());
        ps.setString(i++, job.state().name());
        ps.setInt(i++, job.attempts());
        setMillis(ps, i++, job.nextPollAt());
        setMillis(ps, i++, job.createdAt());
        setMillis(ps, i++, job.updatedAt());
        ps.setString(i++, job.leaseOwner());
        setMillis(ps, i++, job.leaseUntil());
        ps.setString(i++, truncate(job.lastError()));
        ps.setString(i++, job.tenant());
        return i;
    }

    /** Reads a job row selected with {@link #COLUMNS}; not for reservation rows. */
    static StoredJob map(ResultSet rs) throws SQLException {
        return new StoredJob(
                rs.getString("job_id"),
                rs.getString("media_id"),
                JobType.valueOf(rs.getString("job_type")),
                rs.getString("generation_config"),
                headersFromJson(rs.getString("correlation_headers")),
                rs.getString("dedupe_key"),
                JobStatus.valueOf(rs.getString("status")),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                getMillis(rs, "next_poll_at"),
                getMillis(rs, "created_at"),
                getMillis(rs, "updated_at"),
                rs.getString("lease_owner"),
                getMillis(rs, "lease_until"),
                rs.getString("last_error"),
                rs.getString("tenant"),
                rs.getInt("emissions"));
    }

    static void setMillis(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, instant.toEpochMilli());
        }
    }

    static Instant getMillis(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    static String hash(String dedupeKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(dedupeKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static String headersToJson(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("Cannot serialise correlation headers", e);
        }
    }

    static Map<String, String> headersFromJson(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new JobStoreException("Stored correlation headers are not valid JSON", e);
        }
    }
}
