package io.describer.examples.docs;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.describer.camel.DescriberComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.stub.StubComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code block of the README and of the component's AsciiDoc page is what a reader would paste: YAML routes load
 * with Camel's YAML DSL and start, Java snippets compile (routes also start), properties keys and describer URI
 * options exist, the Maven coordinates are the component's, and shell commands name real modules and classes. Endpoints
 * of other components are stubbed, so only the describer endpoints are real (an option they refuse fails the start).
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");
    private static final Path ADOC = ROOT.resolve("camel-describer-component/src/main/docs/describer-component.adoc");

    /** Schemes of the snippets that need a server or credentials: stubbed, so the route starts without them. */
    private static final List<String> STUBBED = List.of("aws2-s3", "ftp", "sftp", "file");

    private static final Pattern DESCRIBER_URI = Pattern.compile("describer:(\\w+)\\?([A-Za-z0-9&=_.:{}$\\-]+)");
    private static final Pattern COMPONENT_PROPERTY = Pattern.compile("camel\\.component\\.describer\\.([a-z0-9-]+)");

    private static final JsonNode CATALOG = catalog();

    @TempDir
    Path tmp;

    private static JsonNode catalog() {
        try (var in = DescriberComponent.class.getResourceAsStream("/META-INF/io/describer/camel/describer.json")) {
            return new ObjectMapper().readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> docs() {
        return Stream.of(README, ADOC).filter(Files::exists).toList();
    }

    private static List<Snippet> snippets(String... languages) throws Exception {
        List<Snippet> all = new ArrayList<>();
        for (Path doc : docs()) {
            for (Snippet s : Snippet.of(doc)) {
                if (List.of(languages).contains(s.language())) {
                    all.add(s);
                }
            }
        }
        return all;
    }

    @Test
    void theDocsHaveSnippetsOfEachKind() throws Exception {
        assertThat(Files.exists(README)).isTrue();
        assertThat(snippets("yaml")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(snippets("java")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(snippets("properties")).isNotEmpty();
    }

    @TestFactory
    List<DynamicTest> yamlRoutesLoadAndStart() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Snippet s : snippets("yaml")) {
            tests.add(DynamicTest.dynamicTest(s.toString(), () -> {
                try (CamelContext context = context()) {
                    PluginHelper.getRoutesLoader(context)
                            .loadRoutes(ResourceHelper.fromString("snippet-" + s.line() + ".camel.yaml", s.code()));
                    assertStarted(context, s);
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> javaSnippetsCompileAndRoutesStart() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Snippet s : snippets("java")) {
            tests.add(DynamicTest.dynamicTest(s.toString(), () -> {
                boolean route = s.code().contains("from(");
                Class<?> type = compile(s, route);
                if (route) {
                    try (CamelContext context = context()) {
                        context.addRoutes(
                                (RoutesBuilder) type.getDeclaredConstructor().newInstance());
                        assertStarted(context, s);
                    }
                }
            }));
        }
        return tests;
    }

    @Test
    void propertiesSnippetsSetRealComponentOptions() throws Exception {
        Set<String> options = names(CATALOG.get("componentProperties"));
        for (Snippet s : snippets("properties")) {
            Properties p = new Properties();
            p.load(new StringReader(s.code()));
            assertThat(p).as(s.toString()).isNotEmpty();
            for (String key : p.stringPropertyNames()) {
                Matcher m = COMPONENT_PROPERTY.matcher(key);
                if (m.matches()) {
                    assertThat(options).as(s + ": " + key).contains(camelCase(m.group(1)));
                }
            }
        }
    }

    @Test
    void everyComponentPropertyNamedInTheTextExists() throws Exception {
        Set<String> options = names(CATALOG.get("componentProperties"));
        options.addAll(starterOnlyProperties());
        for (Path doc : docs()) {
            Matcher m = COMPONENT_PROPERTY.matcher(Files.readString(doc));
            while (m.find()) {
                assertThat(options)
                        .as(doc.getFileName() + ": camel.component.describer." + m.group(1))
                        .contains(camelCase(m.group(1)));
            }
        }
    }

    @Test
    void everyDescriberUriInTheTextUsesRealOptions() throws Exception {
        Set<String> options = names(CATALOG.get("properties"));
        Set<String> operations = new HashSet<>();
        CATALOG.get("properties").get("operation").get("enum").forEach(n -> operations.add(n.asText()));
        int seen = 0;
        for (Path doc : docs()) {
            Matcher m = DESCRIBER_URI.matcher(Files.readString(doc));
            while (m.find()) {
                seen++;
                assertThat(operations).as(doc.getFileName() + ": " + m.group()).contains(m.group(1));
                for (String pair : m.group(2).split("&")) {
                    String option = pair.split("=", 2)[0];
                    assertThat(options).as(doc.getFileName() + ": " + m.group()).contains(option);
                }
            }
        }
        assertThat(seen).isGreaterThan(3);
    }

    @Test
    void mavenCoordinatesAreTheComponents() throws Exception {
        Document pom = xml(Files.readString(ROOT.resolve("camel-describer-component/pom.xml")));
        String version = pom.getElementsByTagName("version").item(0).getTextContent();
        List<Snippet> xml = snippets("xml");
        assertThat(xml).isNotEmpty();
        for (Snippet s : xml) {
            Document d = xml(s.code());
            if (d.getDocumentElement().getTagName().equals("dependency")) {
                assertThat(text(d, "groupId")).as(s.toString()).isEqualTo("io.describer");
                // the component, or its Spring Boot starter (a module of this build, same version)
                assertThat(text(d, "artifactId"))
                        .as(s.toString())
                        .isIn("camel-describer", "camel-describer-spring-boot-starter");
                assertThat(text(d, "version")).as(s.toString()).isEqualTo(version);
            }
        }
    }

    @Test
    void shellCommandsNameRealModulesAndClasses() throws Exception {
        Pattern module = Pattern.compile("-pl\\s+([\\w-]+)");
        Pattern mainClass = Pattern.compile("-D(?:example\\.main|exec\\.mainClass)=([\\w.]+)");
        for (Snippet s : snippets("sh", "shell", "bash")) {
            Matcher m = module.matcher(s.code());
            while (m.find()) {
                assertThat(ROOT.resolve(m.group(1)).resolve("pom.xml"))
                        .as(s.toString())
                        .exists();
            }
            Matcher c = mainClass.matcher(s.code());
            while (c.find()) {
                assertThat(Class.forName(c.group(1)).getMethod("main", String[].class))
                        .as(s.toString())
                        .isNotNull();
            }
        }
    }

    /** A context with the describer component on a private job store and the other components stubbed. */
    private CamelContext context() {
        CamelContext context = new DefaultCamelContext();
        // autowiring would apply a stubbed component's own configurer to the stub
        context.setAutowiredEnabled(false);
        for (String scheme : STUBBED) {
            context.addComponent(scheme, new StubComponent());
        }
        DescriberComponent describer = context.getComponent("describer", DescriberComponent.class);
        describer.getConfiguration().setApiKey("vsk_docs");
        describer.getConfiguration().setBaseUrl("http://127.0.0.1:9");
        describer.setJobStoreLocation(tmp.resolve("jobs").toString());
        return context;
    }

    private static void assertStarted(CamelContext context, Snippet s) {
        context.start();
        assertThat(context.getRoutes()).as(s + " defines routes").isNotEmpty();
        for (Route r : context.getRoutes()) {
            assertThat(context.getRouteController().getRouteStatus(r.getRouteId()))
                    .as(s + " route " + r.getRouteId())
                    .isEqualTo(ServiceStatus.Started);
        }
    }

    /**
     * Compiles the snippet: a route snippet as the body of {@code RouteBuilder.configure()}, anything else as the body
     * of a method whose parameters are the variables the text around it names ({@code key}, {@code path}).
     */
    private Class<?> compile(Snippet s, boolean route) throws Exception {
        String name = "Snippet" + s.line();
        String source = "import java.nio.file.*;\n"
                + "import io.describer.camel.*;\n"
                + "import io.describer.camel.client.*;\n"
                + "import io.describer.camel.client.model.*;\n"
                + "import org.apache.camel.builder.RouteBuilder;\n"
                + "public class " + name + (route ? " extends RouteBuilder" : "") + " {\n"
                + (route
                        ? "  @Override public void configure() throws Exception {\n"
                        : "  static void snippet(String key, Path path) throws Exception {\n")
                + s.code() + "\n  }\n}\n";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path out = Files.createDirectories(tmp.resolve("classes-" + s.line()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            JavaFileObject unit =
                    new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    };
            List<String> options =
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none");
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit))
                    .call();
            assertThat(ok).as(s + " compiles: " + diagnostics.getDiagnostics()).isTrue();
        }
        URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(name);
    }

    /** Properties only the Spring Boot starter has ({@code enabled}, {@code customizer.enabled}), from its metadata. */
    private static Set<String> starterOnlyProperties() throws Exception {
        Path metadata = ROOT.resolve("camel-describer-spring-boot-starter/src/main/docs/describer.json");
        Set<String> names = new HashSet<>();
        if (Files.exists(metadata)) {
            for (JsonNode p : new ObjectMapper().readTree(metadata.toFile()).get("properties")) {
                String name = p.get("name").asText();
                if (name.startsWith("camel.component.describer.")) {
                    // the text's pattern stops at a dot: customizer.enabled is seen as customizer
                    names.add(camelCase(name.substring("camel.component.describer.".length())
                            .split("\\.")[0]));
                }
            }
        }
        return names;
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new HashSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String camelCase(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static Document xml(String text) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader(text)));
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
