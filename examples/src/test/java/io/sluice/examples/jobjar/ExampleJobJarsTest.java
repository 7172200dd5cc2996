package io.sluice.examples.jobjar;

import io.sluice.api.Job;
import io.sluice.examples.fraud.FraudDetection;
import io.sluice.examples.iot.IotTelemetry;
import io.sluice.examples.rate.RateAverage;
import io.sluice.examples.wordcount.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The job jars the build makes of the examples ({@code target/jobs/}, see the assembly executions in
 * {@code examples/pom.xml}): what they name and hold, opened as the runtime opens them, and each run
 * with {@code bin/sluice run JAR} in a child process, as a user runs it.
 *
 * <p>The build makes them in the process-test-classes phase, just before this test, so it checks the
 * very jars {@code mvn package} leaves behind rather than copies of its own.
 */
class ExampleJobJarsTest {

    /** An example's jar, the job class it must name, and the connectors (io/sluice/connectors/NAME/) it must hold. */
    record ExampleJar(String fileName, Class<? extends Job> job, Set<String> connectors) {
        @Override
        public String toString() {
            return fileName;
        }
    }

    static List<ExampleJar> exampleJars() {
        return List.of(
                new ExampleJar("word-count.jar", WordCount.class, Set.of("console")),
                new ExampleJar("rate-average.jar", RateAverage.class, Set.of("console", "datagen")),
                new ExampleJar("fraud-detection.jar", FraudDetection.class, Set.of("chronicle", "console", "datagen")),
                new ExampleJar("iot-telemetry.jar", IotTelemetry.class, Set.of("chronicle", "console")));
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("exampleJars")
    void shouldNameItsJobInTheManifestAndHoldThatClassWithWhatItExtends(ExampleJar example) throws Exception {
        Path jar = builtJar(example);
        String jobClass;
        try (JarFile file = new JarFile(jar.toFile())) {
            jobClass = file.getManifest().getMainAttributes().getValue("Sluice-Job");
            assertThat(file.getJarEntry(jobClass.replace('.', '/') + ".class")).as("the job class in %s", jar)
                    .isNotNull();
        }
        assertThat(jobClass).isEqualTo(example.job().getName());

        // The jar alone over the Sluice API, without the examples' classes of the test class path:
        // every class of the jar must load (its superclasses and interfaces are in the jar or the API).
        try (URLClassLoader api = new URLClassLoader(new URL[] {JobJars.locationOf(Job.class).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             URLClassLoader jarOnly = new URLClassLoader(new URL[] {jar.toUri().toURL()}, api)) {
            for (String className : classNames(jar)) {
                assertThat(Class.forName(className, false, jarOnly).getClassLoader())
                        .as("where %s loads from", className).isSameAs(jarOnly);
            }
            Class<?> job = Class.forName(jobClass, false, jarOnly);
            Class<?> jobInterface = api.loadClass(Job.class.getName());
            assertThat(jobInterface.isAssignableFrom(job) || hasMain(job))
                    .as("%s implements %s or has a main method", job, jobInterface).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleJars")
    void shouldHoldTheConnectorsItUsesAndNothingTheRuntimeProvides(ExampleJar example) throws Exception {
        List<String> entries = entries(builtJar(example));

        assertThat(entries).as("Sluice's own classes and SLF4J, which always load from the runtime")
                .noneMatch(e -> e.startsWith("io/sluice/api/") || e.startsWith("io/sluice/runtime/")
                        || e.startsWith("io/sluice/state/") || e.startsWith("org/slf4j/"));
        Set<String> connectors = entries.stream()
                .filter(e -> e.startsWith("io/sluice/connectors/") && e.endsWith(".class"))
                .map(e -> e.split("/")[3]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(connectors).as("the connectors in the jar").isEqualTo(new TreeSet<>(example.connectors()));
        String jobPackage = example.job().getPackageName().replace('.', '/') + "/";
        assertThat(entries).as("the example's own classes, and the shared flags and launcher")
                .contains(example.job().getName().replace('.', '/') + ".class", "io/sluice/examples/common/Flags.class")
                .filteredOn(e -> e.startsWith("io/sluice/examples/") && e.endsWith(".class"))
                .allMatch(e -> e.startsWith(jobPackage) || e.startsWith("io/sluice/examples/common/"));
        assertThat(entries).as("no service file listing the other examples' jobs")
                .doesNotContain("META-INF/services/io.sluice.api.Job");
    }

    @Test
    void shouldCountWordsWhenTheWordCountJarIsRunWithBinSluice() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "Big data, BIG deal\n\ndata-flow\n");

        SluiceCommand.Result run = new SluiceCommand(dir).run("run", "-Dpipeline.parallelism=1",
                builtJar(exampleJars().get(0)).toString(), "--input", input.toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdoutLines()).as("%s", run)
                .containsExactly("(big,1)", "(data,1)", "(big,2)", "(deal,1)", "(data,2)", "(flow,1)");
        assertThat(run.stderr()).as("%s", run).startsWith("sluice: job WordCount FINISHED in ");
    }

    @Test
    void shouldEndWithTheFinalAverageWhenTheRateAverageJarIsRunWithBinSluice() throws Exception {
        SluiceCommand.Result run = new SluiceCommand(dir).run("run", builtJar(exampleJars().get(1)).toString(),
                "--rows-per-second", "400", "--seconds", "1");

        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> lines = run.stdoutLines();
        assertThat(lines).as("%s", run).isNotEmpty().last().isEqualTo("final rows=400 avg=199.5");
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.matches("rows=\\d+ avg=\\d+\\.\\d"));
        assertThat(run.stderr()).as("%s", run).startsWith("sluice: job RateAverage FINISHED in ");
    }

    @Test
    void shouldAlertEveryInjectedFraudWhenTheFraudDetectionJarIsRunWithBinSluice() throws Exception {
        SluiceCommand.Result run = new SluiceCommand(dir).run("run", "-Dcheckpoint.directory=" + dir.resolve("cp"),
                builtJar(exampleJars().get(2)).toString(), "--dir", dir.resolve("queues").toString(), "--seconds", "2",
                "--accounts", "60", "--transactions", "600");

        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> lines = run.stdoutLines();
        // 5 frauds per rule are injected, and the generated traffic is alerted on nothing else
        assertThat(lines.stream().filter(l -> l.startsWith("FRAUD ")).count()).as("%s", run).isEqualTo(20);
        assertThat(lines).as("%s", run).last().asString().matches("STATUS final transactions=\\d+ alerts=20"
                + " watermark=end checkpoints=\\d+");
        assertThat(run.stderr()).as("%s", run).contains("sluice: job FraudDetection FINISHED in ");
    }

    @Test
    void shouldPrintAlertsAndStatusLinesWhenTheIotTelemetryJarIsRunWithBinSluice() throws Exception {
        SluiceCommand.Result run = new SluiceCommand(dir).run("run", builtJar(exampleJars().get(3)).toString(),
                "--seconds", "2", "--speedup", "100", "--devices", "6", "--data-dir", dir.resolve("iot").toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        java.util.regex.Matcher generated = java.util.regex.Pattern
                .compile("iot-telemetry: generated (\\d+) readings of 6 devices").matcher(run.stderr());
        assertThat(generated.find()).as("%s", run).isTrue();
        List<String> lines = run.stdoutLines();
        assertThat(lines).as("%s", run).isNotEmpty().last().asString().matches("final readings=" + generated.group(1)
                + " windows=\\d+ alerts=\\d+ late=\\d+ watermark=end");
        assertThat(lines).as("%s", run).anyMatch(l -> l.startsWith("status readings="))
                .anyMatch(l -> l.startsWith("ALERT silent device="))
                .allMatch(l -> l.matches("(status|final) readings=\\d+ windows=\\d+ alerts=\\d+ late=\\d+ watermark=\\S+")
                        || l.matches("ALERT (anomaly|silent|back) device=d-\\d\\d time=\\S+Z .+"));
        assertThat(run.stderr()).as("%s", run).contains("sluice: job IotTelemetry FINISHED in ");
    }

    /** {@code target/jobs/<file>} of this module, which the build makes before the tests run. */
    private static Path builtJar(ExampleJar example) {
        Path jar = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .resolve("target/jobs").resolve(example.fileName());
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing; the build makes it in the process-test-classes phase: run 'mvn test'"
                    + " (or 'mvn process-test-classes' before running this test from an IDE)");
        }
        return jar;
    }

    private static List<String> entries(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    private static List<String> classNames(Path jar) throws Exception {
        return entries(jar).stream().filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class"))
                .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.')).toList();
    }

    private static boolean hasMain(Class<?> type) {
        try {
            Method main = type.getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
