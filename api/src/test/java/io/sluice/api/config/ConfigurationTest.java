package io.sluice.api.config;

import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void shouldReturnDefaultsWhenUnset() {
        Configuration conf = new Configuration();

        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
        assertThat(conf.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)).isEqualTo(Duration.ofMillis(200));
        assertThat(conf.get(PipelineOptions.JOB_NAME)).isEqualTo("sluice-job");
        assertThat(conf.get(ExecutionOptions.IDLE_STRATEGY)).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(conf.get(ExecutionOptions.CHANNEL_CAPACITY)).isEqualTo(1024);
        assertThat(conf.get(ExecutionOptions.BATCH_SIZE)).isEqualTo(256);
        assertThat(conf.get(ExecutionOptions.WORKERS)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(conf.contains(PipelineOptions.MAX_PARALLELISM)).isFalse();
        assertThat(conf.toMap()).isEmpty();
    }

    @Test
    void shouldReturnTypedValuesSetInCode() {
        Configuration conf = new Configuration()
                .set(PipelineOptions.MAX_PARALLELISM, 64)
                .set(ExecutionOptions.IDLE_STRATEGY, IdleStrategyKind.SLEEP);

        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(64);
        assertThat(conf.get(ExecutionOptions.IDLE_STRATEGY)).isEqualTo(IdleStrategyKind.SLEEP);
        assertThat(conf.contains(PipelineOptions.MAX_PARALLELISM)).isTrue();
        assertThat(conf.get(PipelineOptions.PARALLELISM)).isEqualTo(PipelineOptions.PARALLELISM.defaultValue());
    }

    @Test
    void shouldParseValuesSetFromText() {
        Configuration conf = new Configuration()
                .set("execution.workers", "4")
                .set("pipeline.auto-watermark-interval", "50ms")
                .set("execution.idle-strategy", "busy-spin")
                .set("pipeline.name", " orders ");

        assertThat(conf.get(ExecutionOptions.WORKERS)).isEqualTo(4);
        assertThat(conf.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)).isEqualTo(Duration.ofMillis(50));
        assertThat(conf.get(ExecutionOptions.IDLE_STRATEGY)).isEqualTo(IdleStrategyKind.BUSY_SPIN);
        assertThat(conf.get(PipelineOptions.JOB_NAME)).isEqualTo("orders");
    }

    @Test
    void shouldRejectUnknownKeyWithNearestValidOne() {
        Configuration conf = new Configuration();

        assertThatThrownBy(() -> conf.set("execution.worker", "4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown configuration key 'execution.worker'; did you mean 'execution.workers'?"
                        + " (all keys: docs/configuration.md)");
        assertThatThrownBy(() -> conf.set("pipeline.paralelism", "4"))
                .hasMessageContaining("did you mean 'pipeline.parallelism'?");
        assertThatThrownBy(() -> conf.set("execution.idle_strategy", "yield"))
                .hasMessageContaining("did you mean 'execution.idle-strategy'?");
        assertThat(conf.toMap()).isEmpty();
    }

    @Test
    void shouldRejectABadValueNamingTheKeyAndLeaveThePreviousValue() {
        Configuration conf = new Configuration().set("execution.workers", "2");

        assertThatThrownBy(() -> conf.set("execution.workers", "four"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value 'four' for execution.workers: expected an integer");
        assertThat(conf.get(ExecutionOptions.WORKERS)).isEqualTo(2);
    }

    @Test
    void shouldCopyEverySettingWithAddAll() {
        Configuration base = new Configuration().set(PipelineOptions.JOB_NAME, "base").set(ExecutionOptions.WORKERS, 1);
        Configuration over = new Configuration().set(ExecutionOptions.WORKERS, 8);

        base.addAll(over);

        assertThat(base.toMap()).isEqualTo(Map.of("pipeline.name", "base", "execution.workers", 8));
        assertThat(base.toString()).isEqualTo("{execution.workers=8, pipeline.name=base}");
    }

    @Test
    void shouldReadAFileWithBothSeparatorsCommentsAndBlankLines() throws IOException {
        Path file = write("""
                # Sluice settings
                pipeline.name: nightly: orders
                execution.workers=3

                   # an indented comment
                execution.idle-strategy :  busy-spin
                pipeline.auto-watermark-interval=1s
                pipeline.max-parallelism = 256\t
                """);

        Configuration conf = Configuration.fromFile(file);

        assertThat(conf.toMap()).containsOnlyKeys("pipeline.name", "execution.workers", "execution.idle-strategy",
                "pipeline.auto-watermark-interval", "pipeline.max-parallelism");
        assertThat(conf.get(PipelineOptions.JOB_NAME)).isEqualTo("nightly: orders");
        assertThat(conf.get(ExecutionOptions.WORKERS)).isEqualTo(3);
        assertThat(conf.get(ExecutionOptions.IDLE_STRATEGY)).isEqualTo(IdleStrategyKind.BUSY_SPIN);
        assertThat(conf.get(PipelineOptions.AUTO_WATERMARK_INTERVAL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(256);
    }

    @Test
    void shouldSplitAtTheFirstSeparatorOfEitherKind() throws IOException {
        Configuration conf = Configuration.fromFile(write("pipeline.name=a:b=c\n"));

        assertThat(conf.get(PipelineOptions.JOB_NAME)).isEqualTo("a:b=c");
    }

    @Test
    void shouldReadAnEmptyFileAsNoSettings() throws IOException {
        assertThat(Configuration.fromFile(write("\n# nothing\n\n")).toMap()).isEmpty();
    }

    @Test
    void shouldNameTheFileAndLineOfABadValue() throws IOException {
        Path file = write("""
                # header
                execution.workers: 2

                execution.workers: many
                """);

        assertThatThrownBy(() -> Configuration.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":4: invalid value 'many' for execution.workers: expected an integer");
    }

    @Test
    void shouldNameTheFileAndLineOfAnUnknownKey() throws IOException {
        Path file = write("pipeline.name: x\nexecution.worker: 4\n");

        assertThatThrownBy(() -> Configuration.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":2: unknown configuration key 'execution.worker'")
                .hasMessageContaining("did you mean 'execution.workers'?");
    }

    @Test
    void shouldNameTheFileAndLineOfALineWithoutSeparator() throws IOException {
        Path file = write("execution.workers: 2\njust-a-word\n");

        assertThatThrownBy(() -> Configuration.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":2: expected 'key: value', got 'just-a-word'");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("sluice.conf");
        Files.writeString(file, text);
        return file;
    }
}
