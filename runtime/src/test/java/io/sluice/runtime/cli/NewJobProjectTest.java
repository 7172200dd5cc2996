package io.sluice.runtime.cli;

import io.sluice.api.Job;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The project {@code sluice new-job} writes: its files, its pom, and its job and test, compiled here
 * against the test class path (the Sluice API and runtime, JUnit) and run in this process.
 */
class NewJobProjectTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAMavenProjectWithTheJobItsTestAReadmeAndAGitignore() throws Exception {
        Path project = NewJobProject.create(dir.resolve("fraud"), "org.acme", "fraud-job", "org.acme.fraud");

        assertThat(project).isEqualTo(dir.resolve("fraud").toAbsolutePath());
        assertThat(relativeFiles(project)).containsExactly(".gitignore", "README.md", "pom.xml",
                "src/main/java/org/acme/fraud/MyJob.java", "src/test/java/org/acme/fraud/MyJobTest.java");
        for (String file : relativeFiles(project)) {
            assertThat(Files.readString(project.resolve(file))).as(file).doesNotContain("{{").doesNotContain("}}");
        }
        assertThat(Files.readString(project.resolve("src/main/java/org/acme/fraud/MyJob.java")))
                .startsWith("package org.acme.fraud;\n").contains("public final class MyJob implements Job");
        assertThat(Files.readString(project.resolve("README.md"))).startsWith("# fraud-job\n")
                .contains("mvn package", "target/fraud-job.jar", "Sluice-Job: org.acme.fraud.MyJob",
                        "bin/sluice run target/fraud-job.jar", "bin/sluice submit target/fraud-job.jar -- 1000",
                        "bin/sluice runtime");
        assertThat(Files.readAllLines(project.resolve(".gitignore"))).containsExactly("target/");
    }

    @Test
    void shouldWriteAPomWithTheCoordinatesTheProvidedApiAtThisVersionAndAShadedJobJar() throws Exception {
        Path project = NewJobProject.create(dir.resolve("fraud"), "org.acme", "fraud-job", "org.acme.fraud");

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(project.resolve("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/project/groupId", pom)).isEqualTo("org.acme");
        assertThat(xpath.evaluate("/project/artifactId", pom)).isEqualTo("fraud-job");
        assertThat(xpath.evaluate("/project/properties/sluice.version", pom)).isEqualTo(sluiceVersion());
        assertThat(xpath.evaluate("/project/properties/sluice.job", pom)).isEqualTo("org.acme.fraud.MyJob");
        String api = "/project/dependencies/dependency[artifactId='sluice-api']";
        assertThat(xpath.evaluate(api + "/groupId", pom)).isEqualTo("io.sluice");
        assertThat(xpath.evaluate(api + "/version", pom)).isEqualTo("${sluice.version}");
        assertThat(xpath.evaluate(api + "/scope", pom)).isEqualTo("provided");
        assertThat(xpath.evaluate("/project/dependencies/dependency[artifactId='sluice-runtime']/scope", pom))
                .isEqualTo("test");
        assertThat(xpath.evaluate("/project/build/finalName", pom)).isEqualTo("${project.artifactId}");
        String compiler = "/project/build/plugins/plugin[artifactId='maven-compiler-plugin']";
        assertThat(xpath.evaluate(compiler + "/version", pom)).isEqualTo("3.16.0");
        assertThat(xpath.evaluate(compiler + "/configuration/release", pom)).isEqualTo("17");
        String shade = "/project/build/plugins/plugin[artifactId='maven-shade-plugin']";
        assertThat(xpath.evaluate(shade + "/version", pom)).isEqualTo("3.6.2");
        assertThat(xpath.evaluate(shade + "//manifestEntries/Sluice-Job", pom)).isEqualTo("${sluice.job}");
        assertThat(xpath.evaluate("count(" + shade + "//artifactSet/excludes/exclude)", pom)).isEqualTo("4");
        assertThat(xpath.evaluate("/project/properties/sluice.jvm.flags", pom))
                .as("the flags the runtime needs, for the tests that run the job in-process")
                .contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    }

    @Test
    void shouldCompileTheGeneratedJobAndRunItToItsEndInProcess() throws Exception {
        Path project = NewJobProject.create(dir.resolve("fraud"), "org.acme", "fraud-job", "org.acme.fraud");
        Path classes = compile(project);

        try (URLClassLoader loader = loaderOf(classes)) {
            Job job = (Job) loader.loadClass("org.acme.fraud.MyJob").getConstructor().newInstance();
            StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
            job.define(env, new String[] {"150"});

            List<String> lines = runPrinting(env, loader);

            assertThat(lines).as("each sensor's count and sum in each second of readings 0..149 (at 0..1490 ms)")
                    .containsExactlyInAnyOrder(
                            "sensor-0 [0, 1000): 34 readings, sum 1683",
                            "sensor-1 [0, 1000): 33 readings, sum 1617",
                            "sensor-2 [0, 1000): 33 readings, sum 1650",
                            "sensor-0 [1000, 2000): 16 readings, sum 1992",
                            "sensor-1 [1000, 2000): 17 readings, sum 2108",
                            "sensor-2 [1000, 2000): 17 readings, sum 2125");
        }
    }

    @Test
    void shouldGenerateATestThatPassesOnTheGeneratedJob() throws Exception {
        Path project = NewJobProject.create(dir.resolve("fraud"), "org.acme", "fraud-job", "org.acme.fraud");
        Path classes = compile(project);

        List<String> passed = new ArrayList<>();
        try (URLClassLoader loader = loaderOf(classes)) {
            Class<?> testClass = loader.loadClass("org.acme.fraud.MyJobTest");
            Constructor<?> constructor = testClass.getDeclaredConstructor();
            constructor.setAccessible(true);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                for (Method method : testClass.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(Test.class)) {
                        method.setAccessible(true);
                        method.invoke(constructor.newInstance());
                        passed.add(method.getName());
                    }
                }
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        assertThat(passed).containsExactlyInAnyOrder("shouldPrintEachSensorsCountAndSumPerSecondOfEventTime",
                "shouldRefuseAnArgumentThatIsNotANumberOfReadings");
    }

    @Test
    void shouldNameTheArtifactAfterTheDirectoryAndThePackageAfterBothIdsByDefault() throws Exception {
        Path project = NewJobProject.create(dir.resolve("my-job"), null, null, null);

        assertThat(project.resolve("src/main/java/com/example/myjob/MyJob.java")).isRegularFile();
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains("<groupId>com.example</groupId>", "<artifactId>my-job</artifactId>",
                        "<sluice.job>com.example.myjob.MyJob</sluice.job>");
    }

    @Test
    void shouldWriteIntoAnEmptyDirectoryAndRefuseANonEmptyOneInOneLine() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        NewJobProject.create(empty, "org.acme", "a-job", "org.acme.job");
        assertThat(empty.resolve("pom.xml")).isRegularFile();

        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> NewJobProject.create(used, "org.acme", "a-job", "org.acme.job"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("directory " + used.toAbsolutePath() + " is not empty; give a new or empty directory for"
                        + " the project");
        assertThat(relativeFiles(used)).containsExactly("notes.txt");
        assertThatThrownBy(() -> NewJobProject.create(used.resolve("notes.txt"), "org.acme", "a-job", "org.acme.job"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists and is not a directory");
    }

    @Test
    void shouldRefuseAPackageThatIsNotAJavaNameOrIsTheRuntimesWithoutWritingAnything() {
        for (String pkg : List.of("", "com.example.", "com.example.1job", "com.example.new", "com example",
                "com-example")) {
            assertThatThrownBy(() -> NewJobProject.create(dir.resolve("p"), "org.acme", "a-job", pkg))
                    .as("package '%s'", pkg)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("package '" + pkg + "' is not a Java package name: use identifiers separated by dots,"
                            + " none of them a keyword, such as com.example.myjob");
        }
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("p"), "org.acme", "a-job", "io.sluice.runtime.jobs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("package 'io.sluice.runtime.jobs' is the runtime's: classes under java, javax,")
                .hasMessageContaining("io.sluice.api, io.sluice.runtime, io.sluice.state, org.slf4j always load from");
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("p"), "org.acme", "a-job", "javax.jobs"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is the runtime's");
        assertThat(dir.resolve("p")).doesNotExist();
    }

    @Test
    void shouldRefuseIdsMavenWouldRefuse() {
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("p"), "org acme", "a-job", "org.acme.job"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("group id 'org acme' is not a Maven group id");
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("p"), "org.acme", "a job</artifactId>",
                "org.acme.job"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("artifact id 'a job</artifactId>' is not a Maven artifact id");
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("2 jobs"), null, null, "org.acme.job"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the directory name '2 jobs' is not a Maven artifact id; give one, such as my-job");
        assertThatThrownBy(() -> NewJobProject.create(dir.resolve("2-jobs"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'com.example.2jobs', made of the group id and the artifact id, is not a Java"
                        + " package name");
        assertThat(dir.resolve("p")).doesNotExist();
    }

    /** Compiles the project's main and test sources into a new directory, against the test class path. */
    private Path compile(Path project) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-encoding", "UTF-8", "--release", "17", "-Xlint:all", "-Werror",
                "-cp", System.getProperty("java.class.path"), "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(project.resolve("src"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (tests run on a JDK)").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        assertThat(status).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }

    /** The compiled project's classes over the test class path (the Sluice API and runtime, JUnit). */
    private URLClassLoader loaderOf(Path classes) throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    /** Runs the job to its end with {@code loader} as the job's class loader; the lines it printed to stdout. */
    private static List<String> runPrinting(StreamEnvironment env, ClassLoader loader) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(env.executeAsync("new-job").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
        } finally {
            System.setOut(stdout);
            Thread.currentThread().setContextClassLoader(previous);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The files under {@code root}, relative and sorted, with '/' separators. */
    private static List<String> relativeFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** The version of this build, from the runtime module's pom (its parent's version). */
    private static String sluiceVersion() throws Exception {
        Path pom = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("pom.xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        return XPathFactory.newInstance().newXPath().evaluate("/project/parent/version", doc);
    }
}
