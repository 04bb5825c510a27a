package io.describer.camel.job;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The places of {@link Admission} claimed in the job store shared by several nodes: each start under way holds a
 * reservation under {@value #KEY_PREFIX}, so a node counts the starts other nodes are making and two nodes do not both
 * fill the same free places of the service's queue. The claim is a reservation like a dedupe key's (no job type, so a
 * restart frees it, {@link JobStore#recoverAfterRestart}); a node that dies without giving its claims back stops holding
 * those places when their lease ends.
 */
public final class StorePlaces implements Admission.Places {

    public static final String KEY_PREFIX = "describer-admission-place:";

    /** How long a claim counts when its node vanished; a start (upload included) normally ends far sooner. */
    static final Duration LEASE = Duration.ofMinutes(10);

    private final JobStore store;
    private final String owner;
    private final String prefix;
    /** Tells this run's claims from those a previous run under the same node id left. */
    private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);

    private final AtomicLong sequence = new AtomicLong();

    /** @param tenant the tenant whose queue these places are in (null: the endpoints' own keys) */
    public StorePlaces(JobStore store, String owner, String tenant) {
        this.store = store;
        this.owner = owner;
        // each tenant is a team with its own queue; encoded so that no tenant's prefix is another's
        this.prefix =
                KEY_PREFIX + (tenant == null ? "-" : "t-" + URLEncoder.encode(tenant, StandardCharsets.UTF_8)) + "/";
    }

    @Override
    public long elsewhere() {
        return store.countReservedElsewhere(prefix, owner);
    }

    @Override
    public Admission.Claim claim() {
        String key = prefix + owner + "/" + run + "/" + sequence.incrementAndGet();
        if (!store.reserve(key, owner, LEASE).isReserved()) {
            return Admission.Claim.NONE;
        }
        return new Admission.Claim() {
            @Override
            public long before() {
                return store.countReservedBefore(prefix, key);
            }

            @Override
            public void release() {
                store.releaseReservation(key, owner);
            }
        };
    }
}
