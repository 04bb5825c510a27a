package io.describer.camel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.describer.camel.client.LogCapture;
import io.describer.camel.job.JobStore;
import io.describer.camel.job.JobStoreException;
import io.describer.camel.job.JobStores;
import io.describer.camel.job.jdbc.JdbcJobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store whose writes fail the way a full disk makes them fail (SQLState 53100, PostgreSQL's disk_full; a read-only
 * file gives the same picture with another message): DOWN with the reason, one ERROR line while the consumer keeps
 * polling, no stack trace per poll, and UP again without a restart once writes work. Simulated at the JDBC layer: a
 * real full disk needs a mount the build cannot make.
 */
class StoreWriteFaultTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @Test
    void aStoreThatCannotWriteIsReportedOnceAndRecoversWithoutARestart() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        JobStore store = failingStore("write-fault", full);
        try (LogCapture log = new LogCapture();
                CamelContext context = new DefaultCamelContext()) {
            use(context, store);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("describer:results?apiKey=k&delay=20").to("log:out");
                }
            });
            context.start();
            assertThat(check(context).getState()).isEqualTo(HealthCheck.State.UP);

            full.set(true);
            HealthCheck.Result down = check(context);
            assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(down.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("No space left on device"));
            Thread.sleep(500); // ~25 polls of the consumer meet the fault
            check(context);

            full.set(false);
            assertThat(check(context).getState()).isEqualTo(HealthCheck.State.UP);

            assertThat(log.lines().stream().filter(l -> l.startsWith("ERROR")))
                    .singleElement()
                    .satisfies(l ->
                            assertThat(l).contains("No space left on device").doesNotContain("\tat "));
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN"))).isEmpty();
            assertThat(log.lines().stream().filter(l -> l.startsWith("INFO") && l.contains("works again")))
                    .hasSize(1);
        }
    }

    @Test
    void withoutDedupeAStoreThatCannotWriteFailsTheMessageBeforeTheBilledCall() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        JobStore store = failingStore("write-fault-unkeyed", full);
        try (CamelContext context = new DefaultCamelContext()) {
            use(context, store);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:submit")
                            .to("describer:text?dedupe=false&maxRetries=0&apiKey=" + WireMockSupport.API_KEY
                                    + "&baseUrl=" + api.baseUrl());
                }
            });
            context.start();

            full.set(true);
            Exchange failed = context.createProducerTemplate()
                    .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"));
            assertThat(failed.getException()).isInstanceOf(JobStoreException.class);
            assertThat(api.generateCalls)
                    .as("billed calls while the store refuses writes")
                    .hasValue(0);

            full.set(false);
            Exchange started = context.createProducerTemplate()
                    .request("direct:submit", e -> e.getIn().setHeader(DescriberConstants.MEDIA_ID, "m-1"));
            assertThat(started.getException()).isNull();
            assertThat(api.generateCalls).hasValue(1);
            String jobId = started.getMessage().getHeader(DescriberConstants.JOB_ID, String.class);
            assertThat(store.find(jobId)).as("the billed job has its row").isPresent();
            assertThat(store.countPending()).isEqualTo(1);
        }
    }

    /** A store in the in-memory H2 database {@code name} whose writes fail while {@code full}. */
    private static JobStore failingStore(String name, AtomicBoolean full) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return JobStores.forDataSource(failingWhen(h2, full), JdbcJobStore.DEFAULT_TABLE, Clock.systemUTC());
    }

    /** The node "n1" of {@code context} keeps its jobs in {@code store}. */
    private static void use(CamelContext context, JobStore store) {
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.setJobStore(store);
        describer.setNodeId("n1");
    }

    /** Every statement fails with a full disk's SQLState while {@code full}. */
    private static DataSource failingWhen(DataSource real, AtomicBoolean full) {
        return proxy(
                DataSource.class,
                real,
                (method, result) -> {
                    if (result instanceof Connection c) {
                        return proxy(
                                Connection.class,
                                c,
                                (m, r) -> r instanceof PreparedStatement ps
                                        ? proxy(PreparedStatement.class, ps, (sm, sr) -> sr, full)
                                        : r,
                                null);
                    }
                    return result;
                },
                null);
    }

    interface Wrap {
        Object apply(java.lang.reflect.Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T real, Wrap wrap, AtomicBoolean full) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (full != null && full.get() && method.getName().startsWith("execute")) {
                throw new SQLException("could not extend file \"base/16384/2619\": No space left on device", "53100");
            }
            try {
                return wrap.apply(method, method.invoke(real, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    private static HealthCheck.Result check(CamelContext context) {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("describer-job-store"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no describer-job-store check registered"));
    }
}
