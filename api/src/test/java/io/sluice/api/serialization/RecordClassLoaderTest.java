package io.sluice.api.serialization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records whose class another loader defined, as a job's class loader does: the codec reaches their
 * members through their own lookup, and is compiled where it needs no access to their loader.
 */
class RecordClassLoaderTest {

    /** A job's record, compiled at test time: private, nested, of primitives, enums, records, lists and maps. */
    private static final String SOURCE = String.join("\n",
            "package job;",
            "import java.util.List;",
            "import java.util.Map;",
            "public final class Events {",
            "    enum Level { LOW, HIGH }",
            "    record Where(String zone, int floor) {}",
            "    private record Reading(long at, int count, double value, boolean ok, char grade, short s, byte b,",
            "                           float f, Long total, String sensor, Level level, Where where,",
            "                           List<String> tags, Map<String, Long> totals) {}",
            "    public static Object sample() {",
            "        return new Reading(1_700_000_000_000L, -3, 2.5, true, 'B', (short) 7, (byte) -8, 0.5f, 99L,",
            "                \"sensor-é\", Level.HIGH, new Where(\"north\", 4), List.of(\"a\", \"b\"), Map.of(\"k\", 1L));",
            "    }",
            "    public static Object sparse() {",
            "        return new Reading(0, 0, 0, false, 'x', (short) 0, (byte) 0, 0, null, null, null, null, null, null);",
            "    }",
            "}");

    /** The same shape and values, defined by the test's own loader: the bytes must not depend on the loader. */
    enum Level { LOW, HIGH }

    record Where(String zone, int floor) {
    }

    record Reading(long at, int count, double value, boolean ok, char grade, short s, byte b, float f, Long total,
                   String sensor, Level level, Where where, List<String> tags, Map<String, Long> totals) {
    }

    @Test
    void shouldRoundTripARecordCompiledIntoAnotherClassLoaderThatCannotSeeTheApi(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = compileIntoOwnLoader(dir)) {
            Class<?> events = loader.loadClass("job.Events");
            Object sample = events.getMethod("sample").invoke(null);
            Object sparse = events.getMethod("sparse").invoke(null);
            TypeSerializer<Object> s = serializerOf(sample.getClass());

            assertThat(sample.getClass().getClassLoader()).isSameAs(loader);
            assertThat(roundTrip(s, sample)).isEqualTo(sample);
            assertThat(roundTrip(s, sparse)).isEqualTo(sparse);
            assertThat(Serializers.codecForTesting(s).getClass().isHidden()).isTrue();
            assertThat(bytesOf(s, sample)).containsExactly(bytesOf(Serializers.of(Reading.class), new Reading(
                    1_700_000_000_000L, -3, 2.5, true, 'B', (short) 7, (byte) -8, 0.5f, 99L, "sensor-é", Level.HIGH,
                    new Where("north", 4), List.of("a", "b"), Map.of("k", 1L))));
        }
    }

    @Test
    void shouldRoundTripARecordWhoseClassBytesWereDefinedAgainByAChildFirstLoader() throws Exception {
        ChildFirstLoader loader = new ChildFirstLoader(Where.class.getName());
        Class<?> copy = loader.loadClass(Where.class.getName());
        java.lang.reflect.Constructor<?> constructor = copy.getDeclaredConstructors()[0];
        constructor.setAccessible(true); // another loader's class: another runtime package than this test's
        Object value = constructor.newInstance("south", -1);
        TypeSerializer<Object> s = serializerOf(copy);

        assertThat(copy).isNotSameAs(Where.class);
        assertThat(roundTrip(s, value)).isEqualTo(value);
        assertThat(roundTrip(s, value).getClass()).isSameAs(copy);
        assertThat(bytesOf(s, value)).containsExactly(bytesOf(Serializers.of(Where.class), new Where("south", -1)));
    }

    @Test
    void shouldNotKeepTheJobsClassLoaderAliveOnceItsSerializersAreGone(@TempDir Path dir) throws Exception {
        WeakReference<ClassLoader> loader = useAndDropALoader(dir);

        long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (loader.get() != null && System.nanoTime() < deadlineNs) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[1 << 16];
            }
        }
        assertThat(loader.get()).as("the job's class loader, 10 s after its serializers were dropped").isNull();
    }

    /**
     * Uses a serializer of a record of the loader's, and drops both. Compares bytes, not records:
     * a record's own {@code equals} (bootstrapped by the JDK's {@code ObjectMethods}) keeps its
     * class loader reachable through the JDK's method handle caches, serializer or not.
     */
    private static WeakReference<ClassLoader> useAndDropALoader(Path dir) throws Exception {
        try (URLClassLoader loader = compileIntoOwnLoader(dir)) {
            Object sample = loader.loadClass("job.Events").getMethod("sample").invoke(null);
            TypeSerializer<Object> s = serializerOf(sample.getClass());
            byte[] bytes = bytesOf(s, sample);
            Object copy = SerializerTesting.read(s, bytes);
            assertThat(copy.getClass()).isSameAs(sample.getClass());
            assertThat(bytesOf(s, copy)).containsExactly(bytes);
            assertThat(Serializers.codecForTesting(s).getClass().isHidden()).isTrue();
            return new WeakReference<>(loader);
        }
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializerOf(Class<?> type) {
        return (TypeSerializer<Object>) Serializers.of(type);
    }

    /** Compiles {@link #SOURCE} under {@code dir} and loads it in a loader whose parent is the platform loader. */
    private static URLClassLoader compileIntoOwnLoader(Path dir) throws IOException {
        Path source = dir.resolve("src/job/Events.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler (tests run on a JDK)").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-encoding", "UTF-8", "-d", classes.toString(), source.toString());
        assertThat(status).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    /** Defines {@code name} from the class bytes it finds through its parent; everything else comes from the parent. */
    private static final class ChildFirstLoader extends ClassLoader {
        private final String name;

        ChildFirstLoader(String name) {
            super(RecordClassLoaderTest.class.getClassLoader());
            this.name = name;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(className.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(className, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(className, e);
                    }
                }
                return c;
            }
        }
    }
}
