package io.describer.examples.kamelet;

import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The project's version, which the Kamelets' dependency on the component must name. */
final class DescriberKamelets {

    private DescriberKamelets() {}

    static String projectVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("..", "pom.xml").toFile())
                .getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                return e.getTextContent().trim();
            }
        }
        throw new IllegalStateException("no version in the parent POM");
    }
}
