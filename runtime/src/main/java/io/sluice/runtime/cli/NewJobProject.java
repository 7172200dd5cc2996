package io.sluice.runtime.cli;

import io.sluice.runtime.launch.JobJar;

import javax.lang.model.SourceVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a new Maven project for a Sluice job, as {@code sluice new-job} makes it: a {@code pom.xml}
 * that compiles against {@code sluice-api} ({@code provided}) and packages the job jar
 * {@code target/<artifactId>.jar} with the maven-shade-plugin and the manifest attribute
 * {@code Sluice-Job}; a first job {@code MyJob} (a bounded windowed count, using the API only); its
 * JUnit 5 test, which runs it in-process; a {@code README.md} and a {@code .gitignore}. The files
 * come from the templates under {@code io/sluice/runtime/cli/template/}, the Sluice version and the
 * JVM flags from what the runtime was built with. Called from the command line's thread.
 */
public final class NewJobProject {

    /** The group id when none is given. */
    public static final String DEFAULT_GROUP_ID = "com.example";

    private static final String TEMPLATES = "template/";
    private static final String JOB_CLASS = "MyJob";

    /** Maven's rule for ids, with dots only between parts for a group id. */
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern ARTIFACT_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private NewJobProject() {
    }

    /**
     * Writes the project into {@code directory}, which must not exist or be empty (its parents are
     * created).
     *
     * @param groupId     the project's group id; {@code null} for {@value #DEFAULT_GROUP_ID}
     * @param artifactId  the project's artifact id, which also names the job jar; {@code null} for the
     *                    directory's name
     * @param javaPackage the package of the job class; {@code null} for the group id followed by the
     *                    artifact id's letters and digits ({@code com.example.myjob} for {@code my-job})
     * @return the project's directory, absolute
     * @throws IllegalArgumentException in one line, when the directory is not empty or an id or the
     *                                  package is not valid
     * @throws UncheckedIOException     when a file cannot be written
     */
    public static Path create(Path directory, String groupId, String artifactId, String javaPackage) {
        Path dir = directory.toAbsolutePath().normalize();
        String group = groupId != null ? groupId : DEFAULT_GROUP_ID;
        String artifact = artifactId != null ? artifactId : defaultArtifactId(dir);
        String pkg = javaPackage != null ? javaPackage : defaultPackage(group, artifact);
        checkGroupId(group);
        checkArtifactId(artifact);
        checkPackage(pkg);
        checkEmptyOrAbsent(dir);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("groupId", group);
        values.put("artifactId", artifact);
        values.put("package", pkg);
        values.put("packagePath", pkg.replace('.', '/'));
        Properties versions = resource(TEMPLATES + "versions.properties");
        values.put("sluiceVersion", built(versions, "sluice.version"));
        values.put("junitVersion", built(versions, "junit.version"));
        values.put("slf4jVersion", built(versions, "slf4j.version"));
        Properties jvmFlags = resource("/sluice-jvm.flags");
        values.put("jvmFlags", built(jvmFlags, "base"));
        values.put("jvmFlagsJdk23", built(jvmFlags, "jdk23"));

        Path sources = Path.of("src/main/java").resolve(pkg.replace('.', '/'));
        Path tests = Path.of("src/test/java").resolve(pkg.replace('.', '/'));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("pom.xml", Path.of("pom.xml"));
        files.put("README.md", Path.of("README.md"));
        files.put("gitignore", Path.of(".gitignore"));
        files.put(JOB_CLASS + ".java", sources.resolve(JOB_CLASS + ".java"));
        files.put(JOB_CLASS + "Test.java", tests.resolve(JOB_CLASS + "Test.java"));
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Path target = dir.resolve(file.getValue());
                Files.createDirectories(target.getParent());
                Files.writeString(target, fill(file.getKey(), values), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the new job project into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static String defaultArtifactId(Path dir) {
        Path name = dir.getFileName();
        if (name == null || !ARTIFACT_ID.matcher(name.toString()).matches()) {
            throw new IllegalArgumentException("the directory name '" + name + "' is not a Maven artifact id;"
                    + " give one, such as my-job");
        }
        return name.toString();
    }

    private static String defaultPackage(String groupId, String artifactId) {
        String suffix = artifactId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String pkg = suffix.isEmpty() ? groupId : groupId + "." + suffix;
        if (!SourceVersion.isName(pkg)) {
            throw new IllegalArgumentException("'" + pkg + "', made of the group id and the artifact id, is not a Java"
                    + " package name; give the package, such as com.example.myjob");
        }
        return pkg;
    }

    private static void checkGroupId(String groupId) {
        if (!GROUP_ID.matcher(groupId).matches()) {
            throw new IllegalArgumentException("group id '" + groupId + "' is not a Maven group id: use letters,"
                    + " digits, '_' and '-', in parts separated by dots, such as com.example");
        }
    }

    private static void checkArtifactId(String artifactId) {
        if (!ARTIFACT_ID.matcher(artifactId).matches()) {
            throw new IllegalArgumentException("artifact id '" + artifactId + "' is not a Maven artifact id: use"
                    + " letters, digits, '_', '-' and '.', such as my-job");
        }
    }

    private static void checkPackage(String pkg) {
        if (!SourceVersion.isName(pkg)) {
            throw new IllegalArgumentException("package '" + pkg + "' is not a Java package name: use identifiers"
                    + " separated by dots, none of them a keyword, such as com.example.myjob");
        }
        if (JobJar.isRuntimeOwned(pkg + "." + JOB_CLASS)) {
            String reserved = JobJar.runtimeOwnedPrefixes().stream()
                    .map(prefix -> prefix.substring(0, prefix.length() - 1)).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("package '" + pkg + "' is the runtime's: classes under " + reserved
                    + " always load from the runtime, never from a job jar; choose a package of your own, such as"
                    + " com.example.myjob");
        }
    }

    private static void checkEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " exists and is not a directory; give a new or empty directory"
                    + " for the project");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new IllegalArgumentException("directory " + dir + " is not empty; give a new or empty directory"
                        + " for the project");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The template {@code name}, its {@code {{placeholders}}} replaced by {@code values}. */
    private static String fill(String name, Map<String, String> values) throws IOException {
        String template;
        try (InputStream in = NewJobProject.class.getResourceAsStream(TEMPLATES + name + ".template")) {
            if (in == null) {
                throw new IllegalStateException("the runtime lacks the template " + TEMPLATES + name + ".template");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + name + " has the unknown placeholder " + m.group());
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private static Properties resource(String name) {
        Properties properties = new Properties();
        try (InputStream in = NewJobProject.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the runtime lacks the resource " + name + "; build it with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime's resource " + name, e);
        }
        return properties;
    }

    /** A value the build filled in. */
    private static String built(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.contains("${")) {
            throw new IllegalStateException("the runtime's build did not fill in '" + key + "' (" + value
                    + "); build it with Maven");
        }
        return value.trim();
    }
}
