package io.describer.camel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.JobStores;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The describer-job-store readiness check: UP while the store takes writes, DOWN with its reason, UP again after. */
class JobStoreHealthCheckTest {

    @TempDir
    Path tmp;

    @Test
    void downWithTheStoresReasonWhileItRefusesWritesAndUpAgainAfter() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        try (JobStore real = JobStores.h2File(tmp.resolve("jobs"));
                CamelContext context = new DefaultCamelContext()) {
            JobStore store = (JobStore) Proxy.newProxyInstance(
                    JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                        if (broken.get() && method.getName().equals("purge")) {
                            throw new JobStoreException("The database is read only");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
            describer.setJobStore(store);
            context.start();

            assertThat(check(context).getState()).isEqualTo(HealthCheck.State.UP);
            broken.set(true);
            HealthCheck.Result down = check(context);
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage())
                    .hasValueSatisfying(m -> assertThat(m)
                            .contains("job store cannot be written")
                            .contains("read only"));
            broken.set(false);
            assertThat(check(context).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    private static HealthCheck.Result check(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("describer-job-store"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no describer-job-store check registered"));
    }
}
