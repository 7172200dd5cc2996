package io.sluice.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Job jars for tests, as a user's build makes them: the job class and its nested classes (lambdas
 * live in the class file itself), and the manifest attribute {@code Sluice-Job} naming it; Sluice's
 * own classes stay out (the runtime provides them).
 */
public final class TestJars {

    private TestJars() {
    }

    /** A jar at {@code jar} holding {@code jobClass} (and its nested classes), named as the job when {@code named}. */
    public static Path write(Path jar, Class<?> jobClass, boolean named) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (named) {
            manifest.getMainAttributes().putValue("Sluice-Job", jobClass.getName());
        }
        Path classes;
        try {
            classes = Path.of(jobClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String base = jobClass.getName().replace('.', '/');
        Path dir = classes.resolve(base).getParent();
        String simple = jobClass.getName().substring(jobClass.getName().lastIndexOf('.') + 1);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> siblings = Files.list(dir)) {
            for (Path p : siblings.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(simple + ".class") || n.startsWith(simple + "$");
            }).sorted().toList()) {
                out.putNextEntry(new JarEntry(base.substring(0, base.lastIndexOf('/') + 1) + p.getFileName()));
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
