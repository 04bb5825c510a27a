package io.describer.camel;

import io.describer.camel.job.Admission;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspends a route's consumer while the describer component's {@link Admission} holds sources back (the service's queue
 * is full) and resumes it when jobs have finished. Added by itself to a polling route (file, FTP, S3, ...) whose
 * describer step got held back; add it by hand to the source route when the describer step runs in another route, e.g.
 * behind a SEDA queue ({@code routePolicy=#describerBackPressure}).
 */
public class DescriberBackPressurePolicy extends RoutePolicySupport implements Admission.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(DescriberBackPressurePolicy.class);

    private volatile Route route;
    private volatile Admission admission;
    /** Whose admission suspends the route: null for the endpoints' own keys. */
    private volatile String tenant;

    public String getTenant() {
        return tenant;
    }

    /** The tenant whose full queue suspends the route; unset: the endpoints' own keys. */
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    @Override
    public void onInit(Route route) {
        this.route = route;
    }

    @Override
    public void onStart(Route route) {
        this.route = route;
        attach();
    }

    @Override
    public void onStop(Route route) {
        detach();
    }

    @Override
    public void onRemove(Route route) {
        detach();
    }

    /** Starts listening to the component's admission (idempotent). */
    void attach() {
        if (admission == null
                && route != null
                && route.getCamelContext().getComponent("describer") instanceof DescriberComponent component) {
            admission = component.getOrCreateAdmission(tenant);
            admission.addListener(this);
            if (admission.isPaused()) {
                paused("the service's queue is full");
            }
        }
    }

    private void detach() {
        if (admission != null) {
            admission.removeListener(this);
            admission = null;
        }
    }

    @Override
    public void paused(String reason) {
        Consumer consumer = route == null ? null : route.getConsumer();
        if (consumer == null || route.getCamelContext().isStopping()) {
            return;
        }
        try {
            if (suspendOrStopConsumer(consumer)) {
                LOG.info("Suspended route {}: {}", route.getRouteId(), reason);
            }
        } catch (Exception e) {
            handleException(e);
        }
    }

    @Override
    public void resumed() {
        Consumer consumer = route == null ? null : route.getConsumer();
        if (consumer == null || route.getCamelContext().isStopping()) {
            return;
        }
        try {
            if (resumeOrStartConsumer(consumer)) {
                LOG.info("Resumed route {}: the service accepts jobs again", route.getRouteId());
            }
        } catch (Exception e) {
            handleException(e);
        }
    }

    /** Attaches a policy to the route of a held-back describer step, unless it has one or is not a polling route. */
    static void ensureOn(Route route, String tenant) {
        if (route == null
                || !(route.getConsumer() instanceof org.apache.camel.support.ScheduledPollConsumer)
                || route.getConsumer() instanceof DescriberConsumer) {
            return;
        }
        synchronized (route) {
            if (route.getRoutePolicyList().stream()
                    .anyMatch(p ->
                            p instanceof DescriberBackPressurePolicy d && java.util.Objects.equals(d.tenant, tenant))) {
                return;
            }
            DescriberBackPressurePolicy policy = new DescriberBackPressurePolicy();
            policy.setTenant(tenant);
            policy.onInit(route);
            route.getRoutePolicyList().add(policy);
            policy.attach();
        }
    }
}
