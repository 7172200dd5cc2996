package io.sluice.examples.jobjar;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes job jars for the end-to-end tests, as {@code maven-jar-plugin} (thin) or
 * {@code maven-shade-plugin} (with libraries) would: a manifest, a job class with its nested
 * classes, and optionally whole class directories or jars of libraries.
 */
final class JobJars {

    private final JarOutputStream out;
    private final Set<String> written = new HashSet<>();

    private JobJars(JarOutputStream out) {
        this.out = out;
    }

    /** A jar at {@code jar} whose manifest has these main attributes (e.g. "Sluice-Job"), filled by {@code contents}. */
    static Path write(Path jar, Contents contents, String... attributes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < attributes.length; i += 2) {
            manifest.getMainAttributes().putValue(attributes[i], attributes[i + 1]);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            JobJars jars = new JobJars(out);
            jars.written.add(JarFile.MANIFEST_NAME);
            contents.fill(jars);
        }
        return jar;
    }

    interface Contents {
        void fill(JobJars jar) throws IOException;
    }

    /** The class file of {@code type} and those of its nested classes ({@code Type$*.class}). */
    JobJars withClass(Class<?> type) throws IOException {
        return withClassFiles(type, true);
    }

    /** The class file of {@code type} alone, without its nested classes: a jar that lacks some of its classes. */
    JobJars withoutNestedClassesOf(Class<?> type) throws IOException {
        return withClassFiles(type, false);
    }

    private JobJars withClassFiles(Class<?> type, boolean nested) throws IOException {
        Path classFile = locationOf(type).resolve(type.getName().replace('.', '/') + ".class");
        String prefix = type.getSimpleName();
        try (Stream<Path> siblings = Files.list(classFile.getParent())) {
            for (Path f : (Iterable<Path>) siblings::iterator) {
                String name = f.getFileName().toString();
                if (name.equals(prefix + ".class")
                        || nested && name.startsWith(prefix + "$") && name.endsWith(".class")) {
                    add(type.getPackageName().replace('.', '/') + "/" + name, Files.readAllBytes(f));
                }
            }
        }
        return this;
    }

    /** Everything of the class directory or jar that {@code type} was loaded from (its manifest and signatures left out). */
    JobJars withLibraryOf(Class<?> type) throws IOException {
        Path location = locationOf(type);
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        add(location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                    String name = e.getName();
                    if (e.isDirectory() || name.startsWith("META-INF/") && (name.endsWith(".SF")
                            || name.endsWith(".RSA") || name.endsWith(".DSA"))) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(e)) {
                        add(name, in.readAllBytes());
                    }
                }
            }
        }
        return this;
    }

    private void add(String name, byte[] bytes) throws IOException {
        if (!written.add(name)) {
            return; // the first copy wins, as with the shade plugin
        }
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** The class directory or jar {@code type} was loaded from. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + type, e);
        }
    }
}
