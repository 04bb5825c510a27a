package io.describer.camel;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Component;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer is an optional dependency: a component whose class loader cannot see it starts jobs as usual and records
 * nothing, even with a MeterRegistry (of another class loader) in the Camel registry.
 */
class WithoutMicrometerTest {

    @RegisterExtension
    static final JobApiSimulator api = new JobApiSimulator();

    @TempDir
    Path tmp;

    @Test
    void theComponentWorksWithoutMicrometerOnItsClassPath() throws Exception {
        URL classes =
                DescriberComponent.class.getProtectionDomain().getCodeSource().getLocation();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (WithoutMicrometer loader =
                        new WithoutMicrometer(classes, getClass().getClassLoader());
                DefaultCamelContext context = new DefaultCamelContext()) {
            // Camel resolves the component's configurers through these
            Thread.currentThread().setContextClassLoader(loader);
            context.setApplicationContextClassLoader(loader);
            context.getRegistry().bind("meters", meters);
            Class<?> type = loader.loadClass(DescriberComponent.class.getName());
            assertThat(type).isNotSameAs(DescriberComponent.class);
            Component describer = (Component) type.getConstructor().newInstance();
            type.getMethod("setJobStoreLocation", String.class)
                    .invoke(describer, tmp.resolve("jobs").toString());
            context.addComponent("describer", describer);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:text")
                            .to("describer:text?mediaId=m-1&apiKey=" + WireMockSupport.API_KEY + "&baseUrl="
                                    + api.baseUrl());
                }
            });
            context.start();

            Exchange out = context.createProducerTemplate().request("direct:text", e -> {});

            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(DescriberConstants.JOB_ID, String.class))
                    .startsWith("task_");
            assertThat(api.jobCount()).isEqualTo(1);
            Object events = type.getMethod("getOrCreateEvents").invoke(describer);
            Object stats = events.getClass().getMethod("stats").invoke(events);
            Object noop = loader.loadClass("io.describer.camel.job.stats.EngineStats")
                    .getField("NOOP")
                    .get(null);
            assertThat(stats).isSameAs(noop);
            assertThat(meters.getMeters()).isEmpty();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Loads the component's classes itself, from its build output, and refuses Micrometer's. */
    private static final class WithoutMicrometer extends URLClassLoader {

        WithoutMicrometer(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.micrometer.")) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.startsWith("io.describer.camel.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        /** The component's service files (configurers, the component itself) from its own build output first. */
        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
