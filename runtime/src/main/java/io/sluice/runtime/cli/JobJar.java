package io.sluice.runtime.cli;

import io.sluice.api.Job;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A job packaged as a jar: its own child-first class loader (the job's classes and libraries win,
 * except the Sluice API and logging, which load from the runtime so both sides agree), and its job
 * class, named (first found wins) by the manifest attribute {@code Sluice-Job}, by the manifest's
 * {@code Main-Class}, or by the first class listed in {@code META-INF/services/io.sluice.api.Job}.
 */
final class JobJar {

    static final String MANIFEST_ATTRIBUTE = "Sluice-Job";

    private JobJar() {
    }

    /** The job class of {@code jar}, loaded in a fresh class loader. */
    static Class<?> load(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("job jar " + jar + " does not exist or is not a file");
        }
        String className;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            className = manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
            if (className == null && manifest != null) {
                className = manifest.getMainAttributes().getValue("Main-Class");
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + jar + " as a jar (" + e.getMessage()
                    + "); build the job with 'mvn package' and pass the jar it produces");
        }
        ClassLoader loader = new ChildFirstClassLoader(new URL[]{jar.toUri().toURL()}, JobJar.class.getClassLoader());
        if (className == null) {
            for (Job job : ServiceLoader.load(Job.class, loader)) {
                if (job.getClass().getClassLoader() == loader) {
                    return job.getClass();
                }
            }
            throw new UsageException("jar " + jar + " names no job: add the manifest attribute '" + MANIFEST_ATTRIBUTE
                    + ": com.example.MyJob' (or Main-Class), or list the class in META-INF/services/io.sluice.api.Job");
        }
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageException("jar " + jar + " names job class " + className + ", which cannot be loaded: " + e);
        }
    }

    /**
     * Loads the job's own classes first; the JDK, Sluice's own classes (API, runtime, state) and
     * SLF4J always from the parent: a jar that bundles the runtime must not run a second copy of it.
     * Connectors and their libraries come from the jar if it has them: a job may bring its own.
     */
    static final class ChildFirstClassLoader extends URLClassLoader {

        static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "io.sluice.api.", "io.sluice.runtime.",
            "io.sluice.state.", "org.slf4j."};

        ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    if (isParentFirst(name)) {
                        return super.loadClass(name, resolve);
                    }
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL url = findResource(name);
            return url != null ? url : super.getResource(name);
        }

        static boolean isParentFirst(String name) {
            for (String prefix : PARENT_FIRST) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
