package io.sluice.api.config;

import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigOptionTest {

    private static final ConfigOption<Integer> INT = ConfigOption.intOption("test.int", 3, "an int");
    private static final ConfigOption<Long> LONG = ConfigOption.longOption("test.long", 4L, "a long");
    private static final ConfigOption<Boolean> BOOL = ConfigOption.booleanOption("test.bool", false, "a flag");
    private static final ConfigOption<String> TEXT = ConfigOption.stringOption("test.text", "none", "a text");
    private static final ConfigOption<Duration> TIME = ConfigOption.durationOption("test.time",
            Duration.ofSeconds(1), "a duration");

    @Test
    void shouldParseIntegersAndLongsIgnoringSurroundingSpace() {
        assertThat(INT.parse("42")).isEqualTo(42);
        assertThat(INT.parse(" -7 ")).isEqualTo(-7);
        assertThat(LONG.parse("9000000000")).isEqualTo(9_000_000_000L);
    }

    @Test
    void shouldRejectABadIntegerNamingTheKeyAndTheExpectedForm() {
        assertThatThrownBy(() -> INT.parse("4x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value '4x' for test.int: expected an integer");
        assertThatThrownBy(() -> INT.parse("9000000000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value '9000000000' for test.int: expected an integer");
        assertThatThrownBy(() -> LONG.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value '' for test.long: expected an integer");
    }

    @Test
    void shouldParseBooleansInAnyCaseButOnlyTrueOrFalse() {
        assertThat(BOOL.parse("true")).isTrue();
        assertThat(BOOL.parse("TRUE")).isTrue();
        assertThat(BOOL.parse(" False ")).isFalse();
        for (String bad : new String[] {"yes", "1", "", "t"}) {
            assertThatThrownBy(() -> BOOL.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid value '" + bad + "' for test.bool: expected true or false");
        }
    }

    @Test
    void shouldParseStringsTrimmed() {
        assertThat(TEXT.parse("  my job  ")).isEqualTo("my job");
    }

    @Test
    void shouldParseDurationsInEveryUnitAndBareMilliseconds() {
        assertThat(TIME.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(TIME.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(TIME.parse("1min")).isEqualTo(Duration.ofMinutes(1));
        assertThat(TIME.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(TIME.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TIME.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TIME.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(TIME.parse("17ns")).isEqualTo(Duration.ofNanos(17));
        assertThat(TIME.parse("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(TIME.parse(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
        assertThat(TIME.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldRejectABadDurationNamingTheKeyAndTheExpectedForm() {
        for (String bad : new String[] {"1.5s", "-5s", "5 weeks", "ms", "", "99999999999999999999ms"}) {
            assertThatThrownBy(() -> TIME.parse(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid value '" + bad + "' for test.time: expected a duration such as 200ms, 5s,"
                            + " 1min, 2h");
        }
    }

    @Test
    void shouldNameTheUnknownUnitWhenParsingADurationDirectly() {
        assertThatThrownBy(() -> ConfigOption.parseDuration("5 weeks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown duration unit 'weeks' in 5 weeks");
        assertThatThrownBy(() -> ConfigOption.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration: soon");
    }

    @Test
    void shouldParseEnumsCaseInsensitivelyWithDashesForUnderscores() {
        ConfigOption<IdleStrategyKind> option = ExecutionOptions.IDLE_STRATEGY;

        assertThat(option.parse("busy-spin")).isEqualTo(IdleStrategyKind.BUSY_SPIN);
        assertThat(option.parse("BUSY_SPIN")).isEqualTo(IdleStrategyKind.BUSY_SPIN);
        assertThat(option.parse("Busy-Spin")).isEqualTo(IdleStrategyKind.BUSY_SPIN);
        assertThat(option.parse("backoff")).isEqualTo(IdleStrategyKind.BACKOFF);
        assertThat(option.parse(" Yield ")).isEqualTo(IdleStrategyKind.YIELD);
        assertThat(option.parse("sleep")).isEqualTo(IdleStrategyKind.SLEEP);
    }

    @Test
    void shouldRejectAnUnknownEnumConstantListingTheValidOnes() {
        assertThatThrownBy(() -> ExecutionOptions.IDLE_STRATEGY.parse("turbo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid value 'turbo' for execution.idle-strategy: expected one of"
                        + " [BUSY_SPIN, BACKOFF, YIELD, SLEEP]");
    }

    @Test
    void shouldDescribeItselfWithKeyTypeDefaultAndArea() {
        assertThat(INT.key()).isEqualTo("test.int");
        assertThat(INT.type()).isEqualTo(Integer.class);
        assertThat(INT.defaultValue()).isEqualTo(3);
        assertThat(INT.description()).isEqualTo("an int");
        assertThat(INT.toString()).isEqualTo("test.int (Integer, default 3)");
        assertThat(ExecutionOptions.IDLE_STRATEGY.area()).isEqualTo("execution");
        assertThat(PipelineOptions.MAX_PARALLELISM.area()).isEqualTo("pipeline");
        assertThat(ConfigOption.intOption("plain", 1, "no dot").area()).isEqualTo("plain");
    }
}
