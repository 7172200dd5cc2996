package io.sluice.runtime.executor;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.DiscardSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A job started in a JVM without the flags Sluice needs fails at once with one line naming them. */
class JvmFlagsTest {

    @TempDir
    Path dir;

    /** A keyed job, run from a plain {@code main} as a user's own program would. */
    public static final class KeyedJobMain {
        public static void main(String[] args) throws Exception {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
            env.fromSequence(1, 1_000).keyBy(v -> v % 10).reduce(Long::sum).sinkTo(new DiscardSink<>());
            env.execute("keyed");
        }
    }

    /** The flags a JVM without any is missing: every one but sun.misc's export, which every JVM has. */
    private static List<String> withoutDefaults(List<String> flags) {
        return flags.stream().filter(f -> !f.equals("--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED")).toList();
    }

    @Test
    void theTestJvmHasEveryFlagThatCanBeChecked() {
        assertThat(JvmFlags.recommended()).contains(JvmFlags.REQUIRED);
        assertThat(JvmFlags.missing(JvmFlags.recommended(), JvmFlags.class.getModule())).isEmpty();
        assertThat(JvmFlags.missing(List.of("--add-opens=java.base/java.net=ALL-UNNAMED", "-Dx=y",
                JvmFlags.REQUIRED), JvmFlags.class.getModule()))
                .containsExactly("--add-opens=java.base/java.net=ALL-UNNAMED");
    }

    @Test
    void aJobInAJvmWithoutTheFlagsFailsWithOneLineThatNamesThem() throws Exception {
        Path err = dir.resolve("stderr");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KeyedJobMain.class.getName())
                .redirectErrorStream(false).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout").toFile())
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        String stderr = Files.readString(err);
        assertThat(child.exitValue()).isNotZero();
        assertThat(stderr.lines().findFirst().orElse("")).isEqualTo("Exception in thread \"main\" "
                + "java.lang.IllegalStateException: cannot run job 'keyed': this JVM was started without "
                + String.join(" ", withoutDefaults(JvmFlags.recommended())) + "; add them to the java command line (bin/sluice"
                + " passes them; see docs/packaging.md#jvm-flags)");
        assertThat(stderr).doesNotContain("IllegalAccessError");
    }
}
