package io.describer.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.describer.camel.job.Admission;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.StoredJob;
import io.describer.camel.job.UncertainSubmission;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;

/** Shows what the describer component is waiting for: this node, its job store and the oldest pending jobs. */
@DevConsole(
        name = "describer",
        displayName = "Describer",
        description = "Audio-description jobs pending in the job store, and uncertain submissions")
public class DescriberConsole extends AbstractDevConsole {

    static final int SHOWN = 20;

    public DescriberConsole() {
        super("camel", "describer", "Describer", "Audio-description jobs pending in the job store");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        Map<String, Object> json = doCallJson(options);
        StringBuilder sb = new StringBuilder();
        sb.append("Node: ").append(json.get("nodeId")).append('\n');
        sb.append("Job store: ").append(json.get("jobStore")).append('\n');
        sb.append("Pending jobs: ").append(json.get("pending")).append('\n');
        if (json.get("admission") instanceof Map<?, ?> a) {
            sb.append(String.format(
                    "Backlog: %s sources waiting (%s in line), %s jobs queued, %s processing, %s starting; limit %s%s; %s jobs/min,"
                            + " drain in %s%n",
                    a.get("waitingSources"),
                    a.get("inLine"),
                    a.get("queued"),
                    a.get("processing"),
                    a.get("starting"),
                    a.get("limit"),
                    Boolean.TRUE.equals(a.get("paused")) ? "; held back: " + a.get("reason") : "",
                    a.get("jobsPerMinute"),
                    a.get("estimatedDrain")));
        }
        for (Object o : (List<?>) json.getOrDefault("tenants", List.of())) {
            Map<?, ?> t = (Map<?, ?>) o;
            sb.append(String.format(
                    "Tenant %s: rate-limit pause %s ms%s%s%s%n",
                    t.get("tenant"),
                    t.get("rateLimitPauseMillis"),
                    t.get("keyRefusedAt") != null ? "; key refused (401) at " + t.get("keyRefusedAt") : "",
                    t.get("planLimitedUntil") != null
                            ? "; out of credits (plan_limit_exceeded): starts paused until " + t.get("planLimitedUntil")
                            : "",
                    Boolean.TRUE.equals(t.get("heldBack")) ? "; held back: " + t.get("heldBackReason") : ""));
        }
        for (Object o : (List<?>) json.getOrDefault("jobs", List.of())) {
            Map<?, ?> job = (Map<?, ?>) o;
            sb.append(String.format(
                    "    %s %s %s %s attempts=%s next=%s lease=%s%s%s%n",
                    job.get("tenant"),
                    job.get("jobId"),
                    job.get("type"),
                    job.get("status"),
                    job.get("attempts"),
                    job.get("nextPollAt"),
                    job.get("leaseOwner"),
                    // results exchanges started but not recorded as delivered (rolled back, or cut by a crash)
                    job.get("emissions") instanceof Integer n && n > 0 ? " emitted=" + n : "",
                    job.get("lastError") != null ? " error=" + job.get("lastError") : ""));
        }
        sb.append("Uncertain submissions (a job may exist; settle with the settle operation): ")
                .append(json.getOrDefault("uncertain", 0))
                .append('\n');
        for (Object o : (List<?>) json.getOrDefault("uncertainSubmissions", List.of())) {
            Map<?, ?> u = (Map<?, ?>) o;
            sb.append(String.format(
                    "    %s %s media=%s since=%s node=%s error=%s%n",
                    u.get("dedupeKey"),
                    u.get("type"),
                    u.get("mediaId"),
                    u.get("since"),
                    u.get("node"),
                    u.get("error")));
        }
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        Map<String, Object> root = new LinkedHashMap<>();
        DescriberComponent component =
                getCamelContext().hasComponent("describer") instanceof DescriberComponent d ? d : null;
        if (component == null || component.getJobStore() == null) {
            root.put("pending", 0);
            root.put("jobStore", "not in use");
            return root;
        }
        JobStore store = component.getJobStore();
        root.put("nodeId", component.getOrCreateNodeId());
        root.put("jobStore", store.toString());
        root.put("pending", store.countPending());
        Admission admission = component.getAdmission();
        if (admission != null) {
            Admission.Snapshot a = admission.snapshot();
            Map<String, Object> adm = new LinkedHashMap<>();
            adm.put("paused", a.paused());
            adm.put("reason", a.reason());
            adm.put("limit", a.learntLimit() != null || a.cap() > 0 ? admission.upperLimit() : "not learnt yet");
            adm.put("queued", a.queued());
            adm.put("processing", a.processing());
            adm.put("starting", a.starting());
            adm.put("waitingSources", a.waitingSources());
            adm.put("inLine", admission.inLine());
            adm.put("started", a.started());
            adm.put("refusedByService", a.refusedByService());
            adm.put("heldBack", a.heldBack());
            adm.put("jobsPerMinute", a.jobsPerMinute() == null ? "?" : Math.round(a.jobsPerMinute()));
            adm.put("estimatedDrain", a.estimatedDrain() == null ? "?" : String.valueOf(a.estimatedDrain()));
            root.put("admission", adm);
        }
        // one row per tenant seen: its own pauses and refused key (never the key)
        List<Map<String, Object>> tenants = new ArrayList<>();
        Map<String, Admission> admissions = component.getTenantAdmissions();
        for (DescriberTenants.Tenant t : component.getTenants().all().values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tenant", t.id());
            row.put("rateLimitPauseMillis", t.pauses().pausedFor().toMillis());
            row.put("keyRefusedAt", t.refusedAt() != null ? t.refusedAt().toString() : null);
            row.put(
                    "planLimitedUntil",
                    t.planLimitedUntil() != null ? t.planLimitedUntil().toString() : null);
            Admission a = DescriberTenants.DEFAULT.equals(t.id()) ? admission : admissions.get(t.id());
            if (a != null) {
                Admission.Snapshot snap = a.snapshot();
                row.put("heldBack", snap.paused());
                row.put("heldBackReason", snap.reason());
                row.put("queued", snap.queued());
                row.put("processing", snap.processing());
            }
            tenants.add(row);
        }
        root.put("tenants", tenants);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (StoredJob job : store.listPending(SHOWN)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("jobId", job.jobId());
            j.put("tenant", job.tenant() != null ? job.tenant() : DescriberTenants.DEFAULT);
            j.put("mediaId", job.mediaId());
            j.put("type", job.jobType().toString());
            j.put("status", job.status().toString());
            j.put("attempts", job.attempts());
            j.put("emissions", job.emissions());
            j.put("createdAt", String.valueOf(job.createdAt()));
            j.put("nextPollAt", String.valueOf(job.nextPollAt()));
            j.put("leaseOwner", job.leaseOwner());
            j.put("lastError", job.lastError());
            j.put("correlation", job.correlationHeaders());
            jobs.add(j);
        }
        root.put("jobs", jobs);
        root.put("uncertain", store.countUncertain());
        List<Map<String, Object>> uncertain = new ArrayList<>();
        for (UncertainSubmission u : store.listUncertain(SHOWN)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("dedupeKey", u.dedupeKey());
            j.put("type", String.valueOf(u.jobType()));
            j.put("mediaId", u.mediaId());
            j.put("since", String.valueOf(u.since()));
            j.put("node", u.owner());
            j.put("error", u.error());
            j.put("correlation", u.correlationHeaders());
            uncertain.add(j);
        }
        root.put("uncertainSubmissions", uncertain);
        return root;
    }
}
