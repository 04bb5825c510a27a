package io.describer.camel.job.jdbc;

import java.time.Instant;

import io.describer.camel.client.model.JobStatus;
import io.describer.camel.client.model.JobType;
import io.describer.camel.job.JobState;
import io.describer.camel.job.StoredJob;

/** A recorded job as the parameters of a {@link SubmissionJournal} entry, and back. */
final class JournalEntries {

    private JournalEntries() {}

    static Object[] jobParams(StoredJob job) {
        return new Object[] {
            job.jobId(),
            job.mediaId(),
            job.jobType().name(),
            job.generationConfig(),
            JobTable.headersToJson(job.correlationHeaders()),
            job.dedupeKey(),
            job.status().name(),
            job.state().name(),
            (long) job.attempts(),
            millis(job.nextPollAt()),
            millis(job.createdAt()),
            millis(job.updatedAt()),
            job.leaseOwner(),
            millis(job.leaseUntil()),
            job.lastError(),
            job.tenant()
        };
    }

    static StoredJob job(Object[] p) {
        return new StoredJob(
                (String) p[0],
                (String) p[1],
                JobType.valueOf((String) p[2]),
                (String) p[3],
                JobTable.headersFromJson((String) p[4]),
                (String) p[5],
                JobStatus.valueOf((String) p[6]),
                JobState.valueOf((String) p[7]),
                ((Long) p[8]).intValue(),
                instant(p[9]),
                instant(p[10]),
                instant(p[11]),
                (String) p[12],
                instant(p[13]),
                (String) p[14],
                (String) p[15],
                0);
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli((Long) millis);
    }
}
