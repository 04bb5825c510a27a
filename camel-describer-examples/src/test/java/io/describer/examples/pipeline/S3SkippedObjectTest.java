package io.describer.examples.pipeline;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.stub.StubComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An object the S3 pipeline will not describe (not a video, or seen already) has its GET aborted, never read or
 * drained: with deleteAfterRead=false every poll opens every object again. Runs the YAML file (no Java bean) and its
 * Java twin, with the S3 consumer replaced by a direct endpoint.
 */
class S3SkippedObjectTest {

    @ParameterizedTest(name = "yaml={0}")
    @ValueSource(booleans = {false, true})
    void anObjectThatIsNotAVideoIsAbortedUnread(boolean yaml) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.setAutowiredEnabled(false);
            // as application.properties has it: a cached stream would have been read whole at route entry
            context.setStreamCaching(false);
            context.addComponent("aws2-s3", new StubComponent());
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            context.getComponent("describer", io.describer.camel.DescriberComponent.class)
                    .getConfiguration()
                    .setApiKey("vsk_unused");
            if (yaml) {
                PluginHelper.getRoutesLoader(context)
                        .loadRoutes(
                                ResourceHelper.resolveMandatoryResource(context, "classpath:pipelines/s3.camel.yaml"));
            } else {
                context.addRoutes(new S3Pipeline());
            }
            AdviceWith.adviceWith(context, "s3-submit", a -> a.replaceFromWith("direct:s3-object"));
            context.start();

            AtomicBoolean aborted = new AtomicBoolean();
            AtomicInteger read = new AtomicInteger();
            InputStream content = new ByteArrayInputStream(new byte[4096]) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    read.addAndGet(Math.max(0, super.read(b, off, len)));
                    return len == 0 ? 0 : -1;
                }
            };
            ResponseInputStream<GetObjectResponse> body = new ResponseInputStream<>(
                    GetObjectResponse.builder().contentLength(4096L).build(),
                    AbortableInputStream.create(content, () -> aborted.set(true)));

            context.createProducerTemplate()
                    .sendBodyAndHeaders(
                            "direct:s3-object",
                            body,
                            Map.of(
                                    AWS2S3Constants.BUCKET_NAME, "incoming",
                                    AWS2S3Constants.KEY, "videos/notes.txt",
                                    AWS2S3Constants.E_TAG, "e1"));

            assertThat(aborted).isTrue();
            assertThat(read).hasValue(0);
        }
    }
}
