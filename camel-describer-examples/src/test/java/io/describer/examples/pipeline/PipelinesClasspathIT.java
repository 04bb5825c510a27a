package io.describer.examples.pipeline;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import io.describer.examples.infra.EmbeddedS3;
import io.describer.examples.sandbox.SandboxServer;
import io.describer.examples.sandbox.SandboxSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.core.sync.RequestBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The YAML pipelines run as {@code camel run} runs them: Camel Main in a JVM of its own whose class path holds only
 * what they declare — Camel Main and the YAML DSL (the runtime), the components their URIs name, the
 * {@code camel.jbang.dependencies} of application.properties (the describer component, the bean language) and a
 * logger; nothing of this module's code. Maven resolves that set (offline) from a generated POM, as Camel JBang
 * resolves it from Maven Central. The folder and S3 pipelines then describe a video end to end against the sandbox.
 */
class PipelinesClasspathIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final Path RESOURCES = MODULE.resolve("src/main/resources");

    /** The Camel artifact behind each scheme the pipelines use. */
    private static final Map<String, String> COMPONENTS = Map.of(
            "aws2-s3", "camel-aws2-s3",
            "file", "camel-file",
            "direct", "camel-direct",
            "log", "camel-log",
            "ftp", "camel-ftp",
            "sftp", "camel-ftp");

    private static final Pattern URI = Pattern.compile("(?:uri:|- to:)[ \\t]*\"?([a-z0-9{}.-]+):");

    @TempDir
    Path work;

    @Test
    void folderPipelineRunsWithOnlyItsDeclaredDependencies() throws Exception {
        Path input = work.resolve("run/input");
        Files.createDirectories(input);
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                InputStream sample = getClass().getResourceAsStream("/samples/sample.mp4")) {
            Files.copy(sample, input.resolve("clip.mp4"));
            Map<String, String> props = sandboxProperties(sandbox);
            props.put("folder.input", input.toString());
            props.put("folder.output", work.resolve("run/output").toString());
            props.put("folder.poll-delay", "200");
            props.put("folder.read-lock-interval", "200");
            Process app = start("folder.camel.yaml", props);
            try {
                Path output = work.resolve("run/output");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(output.resolve("clip.ad.vtt"))
                                && Files.exists(output.resolve("clip.ad.mp4")));
                assertThat(Files.readString(output.resolve("clip.ad.vtt"))).startsWith("WEBVTT");
            } finally {
                stop(app);
            }
            assertThat(log()).contains("folder-submit").doesNotContain("ClassNotFoundException");
        }
    }

    @Test
    void s3PipelineRunsWithOnlyItsDeclaredDependencies() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxSettings.fastForTests());
                EmbeddedS3 s3 = EmbeddedS3.startTransient("incoming", "described");
                InputStream sample = getClass().getResourceAsStream("/samples/sample.mp4")) {
            s3.client()
                    .putObject(
                            b -> b.bucket("incoming").key("videos/clip.mp4"),
                            RequestBody.fromBytes(sample.readAllBytes()));
            s3.client()
                    .putObject(
                            b -> b.bucket("incoming").key("videos/notes.txt"), RequestBody.fromString("not a video"));
            Map<String, String> props = sandboxProperties(sandbox);
            props.putAll(s3.properties());
            props.put("s3.poll-delay", "200");
            Process app = start("s3.camel.yaml", props);
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> s3.client().listObjectsV2(b -> b.bucket("described")).contents().stream()
                                .map(o -> o.key())
                                .collect(Collectors.toSet())
                                .containsAll(Set.of("videos/clip.ad.vtt", "videos/clip.ad.mp4")));
            } finally {
                stop(app);
            }
            // the text object was skipped (its GET aborted) on every poll, never an error
            assertThat(log()).contains("s3-submit").doesNotContain("ClassNotFoundException", "MethodNotFound");
        }
    }

    private Map<String, String> sandboxProperties(SandboxServer sandbox) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("describer.api-key", sandbox.apiKey());
        props.put("describer.base-url", sandbox.baseUrl());
        props.put("pipeline.work-dir", work.resolve("run").toString());
        props.put("camel.component.describer.job-poll-interval", "100");
        return props;
    }

    /** Camel Main on the declared class path, in {@code work}, running one YAML file of src/main/resources. */
    private Process start(String pipeline, Map<String, String> props) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(declaredClassPath(pipeline));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dcamel.main.routes-include-pattern=file:"
                + RESOURCES.resolve("pipelines").resolve(pipeline));
        command.add("org.apache.camel.main.Main");
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("app.log").toFile())
                .start();
    }

    private String log() throws Exception {
        return Files.readString(work.resolve("app.log"));
    }

    private static void stop(Process app) throws Exception {
        assertThat(app.isAlive())
                .as("the app is still running (it did not fail at start)")
                .isTrue();
        app.destroy();
        if (!app.waitFor(20, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
    }

    /**
     * The class path of the pipeline: resolved by Maven from a POM listing the runtime, the components of its URIs,
     * the Camel dependencies of camel.jbang.dependencies and the describer component's own dependencies; then the
     * component's classes (in a reactor build it is not installed yet) and src/main/resources (the folder camel run
     * runs in: application.properties, log4j2.properties).
     */
    private String declaredClassPath(String pipeline) throws Exception {
        Properties app = new Properties();
        try (var in = Files.newInputStream(RESOURCES.resolve("application.properties"))) {
            app.load(in);
        }
        Set<String> artifacts = new TreeSet<>(List.of(
                "org.apache.camel:camel-main",
                "org.apache.camel:camel-yaml-dsl",
                "org.apache.logging.log4j:log4j-slf4j2-impl",
                "org.apache.logging.log4j:log4j-core"));
        String yaml = Files.readString(RESOURCES.resolve("pipelines").resolve(pipeline));
        Matcher m = URI.matcher(yaml);
        while (m.find()) {
            String scheme = m.group(1);
            if (scheme.startsWith("{{")) {
                scheme = app.getProperty(scheme.substring(2, scheme.length() - 2));
            }
            if (!scheme.equals("describer")) {
                assertThat(COMPONENTS).as("the artifact of scheme " + scheme).containsKey(scheme);
                artifacts.add("org.apache.camel:" + COMPONENTS.get(scheme));
            }
        }
        boolean describerDeclared = false;
        for (String dep : app.getProperty("camel.jbang.dependencies").split(",")) {
            dep = dep.trim();
            if (dep.startsWith("camel:")) {
                artifacts.add("org.apache.camel:camel-" + dep.substring("camel:".length()));
            } else {
                assertThat(dep).isEqualTo("io.describer:camel-describer:" + projectVersion());
                describerDeclared = true;
            }
        }
        assertThat(describerDeclared)
                .as("camel.jbang.dependencies names the component")
                .isTrue();
        artifacts.addAll(componentDependencies());

        Path dir = Files.createDirectories(work.resolve("classpath-" + pipeline));
        Path pom = dir.resolve("pom.xml");
        Files.writeString(pom, pom(dir, artifacts));
        Path out = dir.resolve("classpath.txt");
        List<String> mvn = new ArrayList<>(List.of(
                "mvn",
                "-B",
                "-q",
                // online: on a fresh machine the dependency plugin's own dependencies are not in the local repository
                "-f",
                pom.toString(),
                "dependency:build-classpath",
                "-Dmdep.outputFile=" + out,
                "-Dmdep.includeScope=runtime"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            mvn.add("-Dmaven.repo.local=" + repo);
        }
        Process maven = new ProcessBuilder(mvn)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mvn.log").toFile())
                .start();
        assertThat(maven.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(maven.exitValue())
                .as(Files.readString(dir.resolve("mvn.log")))
                .isZero();
        String resolved = Files.readString(out).trim();
        assertThat(resolved).doesNotContain("camel-describer-examples", "s3proxy", "ftpserver");
        return String.join(File.pathSeparator, resolved, componentClasses(), RESOURCES.toString());
    }

    /** The describer component on this test's class path: its jar or classes folder from the reactor. */
    private static String componentClasses() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("camel-describer-component") || entry.matches(".*camel-describer-[0-9][^/]*\\.jar")) {
                return entry;
            }
        }
        throw new IllegalStateException("the describer component is not on the test class path");
    }

    /** Compile and runtime dependencies of the component's POM, as the published POM makes a user resolve them. */
    private static List<String> componentDependencies() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("camel-describer-component/pom.xml").toFile())
                .getDocumentElement();
        NodeList deps =
                ((Element) project.getElementsByTagName("dependencies").item(0)).getElementsByTagName("dependency");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String scope = child(d, "scope");
            if ((scope == null || scope.equals("compile") || scope.equals("runtime"))
                    && !"true".equals(child(d, "optional"))) {
                result.add(child(d, "groupId") + ":" + child(d, "artifactId"));
            }
        }
        return result;
    }

    private static String projectVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile())
                .getDocumentElement();
        return child(project, "version");
    }

    private static String child(Element e, String tag) {
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c && c.getTagName().equals(tag)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }

    /** A POM under the project's parent, so camel-bom and the project's pins decide the versions, as they do here. */
    private static String pom(Path dir, Set<String> artifacts) throws Exception {
        StringBuilder deps = new StringBuilder();
        for (String ga : artifacts) {
            String[] p = ga.split(":");
            deps.append("<dependency><groupId>")
                    .append(p[0])
                    .append("</groupId><artifactId>")
                    .append(p[1])
                    .append("</artifactId></dependency>\n");
        }
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>\n"
                + "<parent><groupId>io.describer</groupId><artifactId>camel-describer-parent</artifactId>"
                + "<version>" + projectVersion() + "</version><relativePath>"
                + dir.relativize(ROOT.resolve("pom.xml")) + "</relativePath></parent>\n"
                + "<artifactId>pipelines-classpath</artifactId><packaging>pom</packaging>\n"
                + "<dependencies>\n" + deps + "</dependencies></project>\n";
    }
}
