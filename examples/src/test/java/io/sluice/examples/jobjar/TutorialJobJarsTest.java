package io.sluice.examples.jobjar;

import io.sluice.api.Job;
import io.sluice.connectors.kafka.KafkaBroker;
import io.sluice.examples.classic.CsvAggregation;
import io.sluice.examples.classic.CsvOracle;
import io.sluice.examples.classic.KafkaHelloProducer;
import io.sluice.examples.classic.KafkaHelloReader;
import io.sluice.runtime.testing.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The job jars of the tutorial jobs ({@code target/jobs/csv-aggregation.jar} and
 * {@code kafka-hello-world.jar}, see examples/pom.xml): what they name and hold, each run with
 * {@code bin/sluice run JAR} in a child process, and the CSV jar submitted to a runtime started
 * with {@code bin/sluice runtime}, all as the docs tell users to.
 */
class TutorialJobJarsTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killChildren() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldHoldTheCsvJobWithTheFileConnectorsAndNoKafka() throws Exception {
        Path jar = builtJar("csv-aggregation.jar");

        assertThat(jobClassOf(jar)).isEqualTo(CsvAggregation.class.getName());
        assertThat(connectorsIn(jar)).containsExactly("console", "files", "formats");
        assertThat(entries(jar)).contains("io/sluice/examples/classic/Table.class")
                .noneMatch(e -> e.startsWith("io/sluice/examples/classic/Kafka") || e.startsWith("org/apache/kafka/"))
                .noneMatch(e -> e.startsWith("io/sluice/api/") || e.startsWith("io/sluice/runtime/"));
        assertEveryExampleClassLoadsFromTheJarOverTheApi(jar, CsvAggregation.class);
    }

    @Test
    void shouldHoldTheKafkaJobsWithTheConnectorAndTheClient() throws Exception {
        Path jar = builtJar("kafka-hello-world.jar");

        assertThat(jobClassOf(jar)).isEqualTo(KafkaHelloReader.class.getName());
        assertThat(connectorsIn(jar)).containsExactly("console", "kafka");
        assertThat(entries(jar)).contains(classFile(KafkaHelloProducer.class),
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class")
                .filteredOn(e -> e.startsWith("io/sluice/examples/") && e.endsWith(".class"))
                .allMatch(e -> e.startsWith("io/sluice/examples/classic/Kafka")
                        || e.startsWith("io/sluice/examples/common/"));
        assertThat(entries(jar))
                .noneMatch(e -> e.startsWith("io/sluice/api/") || e.startsWith("org/slf4j/"));
        assertEveryExampleClassLoadsFromTheJarOverTheApi(jar, KafkaHelloReader.class);
    }

    @Test
    void shouldPrintTheTablesWhenTheCsvJarIsRunWithBinSluice() throws Exception {
        SluiceCommand.Result run = new SluiceCommand(dir).run("run", builtJar("csv-aggregation.jar").toString(),
                "--input", CsvOracle.BUNDLED.toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout()).as("%s", run)
                .isEqualTo(CsvOracle.expectedOutput(Files.readAllLines(CsvOracle.BUNDLED)));
        assertThat(run.stderr()).as("%s", run).startsWith("sluice: job CsvAggregation FINISHED in ");
    }

    @Test
    void shouldPrintHelloWorldWhenTheKafkaJarIsRunWithBinSluiceAfterTheProducerClass() throws Exception {
        BROKER.createTopic("hello-world", 1);
        SluiceCommand sluice = new SluiceCommand(dir);

        SluiceCommand.Result produce = sluice.run("run", KafkaHelloProducer.class.getName(),
                "--bootstrap-servers", BROKER.bootstrapServers());
        SluiceCommand.Result read = sluice.run("run", builtJar("kafka-hello-world.jar").toString(),
                "--bootstrap-servers", BROKER.bootstrapServers());

        assertThat(produce.exitCode()).as("%s", produce).isZero();
        assertThat(read.exitCode()).as("%s", read).isZero();
        assertThat(read.stdoutLines()).as("%s", read).containsExactly("hello world");
        assertThat(read.stderr()).as("%s", read).startsWith("sluice: job KafkaHelloReader FINISHED in ");
    }

    @Test
    void shouldPrintTheTablesInTheRuntimeTheCsvJarIsSubmittedTo() throws Exception {
        Path home = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        new SluiceCommand(dir); // fails, saying how, if bin/sluice would build the project itself
        Path runtimeOut = dir.resolve("runtime.out");
        Process runtime = start(new ProcessBuilder(home.resolve("bin/sluice").toString(), "runtime", "--port", "0",
                "--data-dir", dir.resolve("runtime-data").toString(), "--workers", "2")
                .redirectOutput(runtimeOut.toFile()).redirectError(dir.resolve("runtime.err").toFile()));
        String[] address = new String[1];
        Conditions.await("the runtime listens", TIMEOUT, () -> {
            if (!runtime.isAlive()) {
                throw new AssertionError("the runtime exited: " + Files.readString(dir.resolve("runtime.err")));
            }
            Matcher m = LISTENING.matcher(Files.readString(runtimeOut));
            return m.find() && (address[0] = m.group(1)) != null;
        });

        ProcessBuilder submitCommand = new ProcessBuilder(home.resolve("bin/sluice").toString(), "submit",
                builtJar("csv-aggregation.jar").toString(), "--", "--input", CsvOracle.BUNDLED.toString())
                .redirectOutput(dir.resolve("submit.out").toFile()).redirectError(dir.resolve("submit.err").toFile());
        submitCommand.environment().put("SLUICE_RUNTIME", address[0]);
        Process submit = start(submitCommand);
        assertThat(submit.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("submit ends").isTrue();
        assertThat(submit.exitValue()).as(Files.readString(dir.resolve("submit.err"))).isZero();

        String expected = CsvOracle.expectedOutput(Files.readAllLines(CsvOracle.BUNDLED));
        Conditions.await("the runtime printed every table", TIMEOUT,
                () -> Files.readString(runtimeOut).contains(expected));
        assertThat(Files.readString(runtimeOut)).as("printed once").containsOnlyOnce("== printSchema() ==");
    }

    private Process start(ProcessBuilder builder) throws Exception {
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        Process p = builder.directory(dir.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Every class of the example's package in the jar loads from the jar alone over the Sluice API. */
    private static void assertEveryExampleClassLoadsFromTheJarOverTheApi(Path jar, Class<? extends Job> job)
            throws Exception {
        try (URLClassLoader api = new URLClassLoader(new URL[] {JobJars.locationOf(Job.class).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             URLClassLoader jarOnly = new URLClassLoader(new URL[] {jar.toUri().toURL()}, api)) {
            List<String> classes = entries(jar).stream()
                    .filter(e -> e.startsWith("io/sluice/") && e.endsWith(".class"))
                    .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.')).toList();
            assertThat(classes).contains(job.getName());
            for (String className : classes) {
                assertThat(Class.forName(className, false, jarOnly).getClassLoader())
                        .as("where %s loads from", className).isSameAs(jarOnly);
            }
            Class<?> loaded = Class.forName(job.getName(), false, jarOnly);
            assertThat(api.loadClass(Job.class.getName()).isAssignableFrom(loaded)).as("%s is a Job", loaded).isTrue();
        }
    }

    private static String classFile(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static String jobClassOf(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Sluice-Job");
        }
    }

    private static Set<String> connectorsIn(Path jar) throws Exception {
        return entries(jar).stream().filter(e -> e.startsWith("io/sluice/connectors/") && e.endsWith(".class"))
                .map(e -> e.split("/")[3]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> entries(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    /** {@code target/jobs/<file>} of this module, which the build makes before the tests run. */
    private static Path builtJar(String fileName) {
        Path jar = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .resolve("target/jobs").resolve(fileName);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing; the build makes it in the process-test-classes phase: run 'mvn test'"
                    + " (or 'mvn process-test-classes' before running this test from an IDE)");
        }
        return jar;
    }
}
