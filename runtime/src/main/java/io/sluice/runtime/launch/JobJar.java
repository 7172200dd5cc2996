package io.sluice.runtime.launch;

import io.sluice.api.Job;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
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
public final class JobJar {

    public static final String MANIFEST_ATTRIBUTE = "Sluice-Job";
    private static final String SERVICES = "META-INF/services/" + Job.class.getName();

    private JobJar() {
    }

    /**
     * Refuses what is not a readable jar, judged by its content (a zip archive), not its name.
     *
     * @throws JobLoadException saying what the file is instead
     */
    public static void check(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new JobLoadException("job jar " + jar + " does not exist or is not a file");
        }
        byte[] magic = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(jar)) {
            read = in.readNBytes(magic, 0, 4);
        } catch (IOException e) {
            throw new JobLoadException("cannot read " + jar + ": " + e.getMessage());
        }
        if (read < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
            throw new JobLoadException("cannot read " + jar + " as a jar (it is not a zip archive); build the"
                    + " job with 'mvn package' and pass the jar it produces");
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            file.getManifest();
        } catch (IOException e) {
            throw new JobLoadException("cannot read " + jar + " as a jar (" + e.getMessage()
                    + "); build the job with 'mvn package' and pass the jar it produces");
        }
    }

    /** The job class the jar names (manifest or services file), or null if it names none. */
    public static String namedJobClass(Path jar) {
        check(jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest != null) {
                String name = manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
                if (name == null) {
                    name = manifest.getMainAttributes().getValue("Main-Class");
                }
                if (name != null) {
                    return name.strip();
                }
            }
            var services = file.getJarEntry(SERVICES);
            if (services != null) {
                try (InputStream in = file.getInputStream(services)) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .split("\n")) {
                        String name = line.replaceFirst("#.*", "").strip();
                        if (!name.isEmpty()) {
                            return name;
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new JobLoadException("cannot read " + jar + " as a jar (" + e.getMessage() + ")");
        }
    }

    /** The job class of {@code jar}, loaded in a fresh class loader. */
    public static Class<?> load(Path jar) {
        return load(jar, null);
    }

    /**
     * The job class of {@code jar} ({@code className}, or the one the jar names when null), loaded in
     * a fresh class loader whose parent is the one that loaded Sluice. Close the loader
     * ({@link #close}) when the job is over, so that its classes can be unloaded.
     */
    public static Class<?> load(Path jar, String className) {
        check(jar); // a damaged jar must not fall back to classes of the same name on the runtime's class path
        String name = className != null ? className : namedJobClass(jar);
        if (name == null) {
            throw new JobLoadException("jar " + jar + " names no job: add the manifest attribute '"
                    + MANIFEST_ATTRIBUTE + ": com.example.MyJob' (or Main-Class), or list the class in " + SERVICES
                    + ", or name the class when submitting it");
        }
        ChildFirstClassLoader loader;
        try {
            loader = new ChildFirstClassLoader(new URL[]{jar.toUri().toURL()}, JobJar.class.getClassLoader());
        } catch (java.net.MalformedURLException e) {
            throw new JobLoadException("cannot open " + jar + ": " + e.getMessage());
        }
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            close(loader);
            if (className != null && e instanceof ClassNotFoundException) {
                throw new JobLoadException("jar " + jar + " has no class " + name + "; check the job class name");
            }
            throw new JobLoadException("jar " + jar + " names job class " + name + ", which cannot be loaded: "
                    + e);
        }
    }

    /** Closes the class loader of a job class loaded from a jar (no-op for any other class). */
    public static void close(Class<?> jobClass) {
        if (jobClass != null && jobClass.getClassLoader() instanceof ChildFirstClassLoader loader) {
            close(loader);
        }
    }

    private static void close(ChildFirstClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // only releases the jar file
        }
    }

    /** True for a class the runtime always loads itself, even when a job jar has one of that name. */
    public static boolean isRuntimeOwned(String className) {
        return ChildFirstClassLoader.isParentFirst(className);
    }

    /** The package prefixes the runtime always loads itself ("java.", "io.sluice.api.", ...). */
    public static java.util.List<String> runtimeOwnedPrefixes() {
        return java.util.List.of(ChildFirstClassLoader.PARENT_FIRST);
    }

    /** True when {@code jobClass} was loaded from a job jar. */
    public static boolean isFromJar(Class<?> jobClass) {
        return jobClass != null && jobClass.getClassLoader() instanceof ChildFirstClassLoader;
    }

    /**
     * Loads the job's own classes first; the JDK, Sluice's own classes (API, runtime, state) and
     * SLF4J always from the parent: a jar that bundles the runtime must not run a second copy of it.
     * Connectors and their libraries come from the jar if it has them: a job may bring its own.
     */
    static final class ChildFirstClassLoader extends java.net.URLClassLoader {

        private static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "io.sluice.api.",
            "io.sluice.runtime.", "io.sluice.state.", "org.slf4j."};

        static {
            ClassLoader.registerAsParallelCapable();
        }

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

        private static boolean isParentFirst(String name) {
            for (String prefix : PARENT_FIRST) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
