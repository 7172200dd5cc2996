package io.sluice.examples.iot;

import io.sluice.api.StreamEnvironment;
import io.sluice.examples.common.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator's readings and ground truth, and the job's command line. */
class TelemetryGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void shouldMakeTheSameReadingsForTheSameSeedOnly() {
        GeneratedTelemetry a = new TelemetryGenerator(6, 200, 9).generate();

        assertThat(new TelemetryGenerator(6, 200, 9).generate()).isEqualTo(a);
        assertThat(new TelemetryGenerator(6, 200, 10).generate().readings()).isNotEqualTo(a.readings());
    }

    @Test
    void shouldLeaveEachSilentDeviceWithoutReadingsForMoreThanTheSilenceAlertNeeds() {
        GeneratedTelemetry t = new TelemetryGenerator(12, 400, 3).generate();

        assertThat(t.silences()).isNotEmpty();
        for (GeneratedTelemetry.Silence s : t.silences()) {
            assertThat(t.readings()).filteredOn(r -> r.device().equals(s.device()))
                    .noneMatch(r -> r.timeMs() > s.lastSeenMs() && r.timeMs() < s.backMs());
            assertThat(s.backMs() - s.lastSeenMs()).isGreaterThan(TelemetryRules.SILENCE_MS + 10_000);
        }
        // Apart from silences, every device reads every sensor about once a second.
        Map<String, Long> perSeries = new HashMap<>();
        t.readings().forEach(r -> perSeries.merge(r.series(), 1L, Long::sum));
        assertThat(perSeries).hasSize(12 * 3);
    }

    @Test
    void shouldRecordAsLateExactlyTheReadingsWhoseWindowTheWatermarkHasPassedByTheLateness() {
        Reading first = reading(25_000);
        Reading ahead = reading(42_002);

        // After 'ahead' the watermark is 42_002 - 2_000 - 1 = 40_001: the window [20 s, 30 s), kept
        // until 29_999 + 5_000 = 34_999, is gone; [30 s, 40 s), kept until 44_999, is not.
        assertThat(TelemetryGenerator.late(List.of(first, ahead, reading(25_001), reading(30_500))))
                .containsExactly(reading(25_001));
        // A watermark of exactly 34_999 (after 37_000) drops [20 s, 30 s); 34_998 (after 36_999) does not.
        assertThat(TelemetryGenerator.late(List.of(first, reading(37_000), reading(20_000))))
                .containsExactly(reading(20_000));
        assertThat(TelemetryGenerator.late(List.of(first, reading(36_999), reading(20_000)))).isEmpty();
    }

    private static Reading reading(long timeMs) {
        return new Reading("d-01", "humidity", 40, timeMs);
    }

    @Test
    void shouldRefuseBadArgumentsWithTheUsage() {
        assertThatThrownBy(() -> define("--devices", "1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--devices must be 2 to 999").hasMessageContaining("usage: IotTelemetry");
        assertThatThrownBy(() -> define("--input", dir.toString())).isInstanceOf(UsageException.class)
                .hasMessageContaining("must hold the queues readings/ and devices/");
        assertThatThrownBy(() -> define("--input", dir.toString(), "--seed", "3")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--seed is for generated readings");
        assertThatThrownBy(() -> define("--topics", "x")).isInstanceOf(UsageException.class)
                .hasMessageContaining("goes with --kafka");
    }

    private void define(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        new IotTelemetry().define(StreamEnvironment.create(), all);
    }
}
