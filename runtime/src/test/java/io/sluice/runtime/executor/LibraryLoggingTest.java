package io.sluice.runtime.executor;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime is a library too: it must not choose the logging of the program it runs in. Only the
 * launcher (bin/sluice, with conf/simplelogger.properties) brings a binding and its configuration.
 */
class LibraryLoggingTest {

    @Test
    void theRuntimesClassesCarryNoLoggingConfiguration() throws Exception {
        Path classes = Path.of(JvmFlags.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(classes.resolve("io/sluice/runtime/executor/JvmFlags.class")).exists();
        assertThat(classes.resolve("simplelogger.properties")).doesNotExist();
        assertThat(classes.resolve("log4j2.xml")).doesNotExist();
        assertThat(classes.resolve("logback.xml")).doesNotExist();
    }

    @Test
    void theRuntimesLoggingBindingIsOptionalSoNoProgramThatUsesItInheritsIt() throws Exception {
        Path pom = Path.of("pom.xml"); // the runtime module's, where its tests run
        assertThat(Files.readString(pom)).contains("<artifactId>sluice-runtime</artifactId>");
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("dependency");
        int bindings = 0;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = d.getElementsByTagName("artifactId").item(0).getTextContent();
            if (artifact.startsWith("slf4j-") && !artifact.equals("slf4j-api") || artifact.startsWith("logback")
                    || artifact.startsWith("log4j-slf4j")) {
                bindings++;
                NodeList optional = d.getElementsByTagName("optional");
                NodeList scope = d.getElementsByTagName("scope");
                boolean testOnly = scope.getLength() > 0 && scope.item(0).getTextContent().equals("test");
                assertThat(testOnly || optional.getLength() > 0 && optional.item(0).getTextContent().equals("true"))
                        .as("the binding %s reaches programs that depend on sluice-runtime", artifact).isTrue();
            }
        }
        assertThat(bindings).as("the launcher's binding is declared here").isEqualTo(1);
    }
}
