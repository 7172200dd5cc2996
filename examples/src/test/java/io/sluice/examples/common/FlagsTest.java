package io.sluice.examples.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagsTest {

    private static final String USAGE = "usage: Demo [--count N] [--name TEXT]";

    @Test
    void shouldReadFlagsWithSpaceOrEqualsAndDefaultTheRest() {
        Flags flags = Flags.parse(new String[] {"--count", "5", "--name=a=b"}, USAGE, "count", "name", "other");

        assertThat(flags.getPositiveLong("count", 1)).isEqualTo(5);
        assertThat(flags.get("name", "x")).isEqualTo("a=b");
        assertThat(flags.has("other")).isFalse();
        assertThat(flags.get("other", "fallback")).isEqualTo("fallback");
        assertThat(flags.getPositiveLong("other", 7)).isEqualTo(7);
    }

    @Test
    void shouldRefuseAnUnknownFlagNamingItTheKnownOnesAndTheUsage() {
        assertThatThrownBy(() -> Flags.parse(new String[] {"--cuont", "5"}, USAGE, "count", "name"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown flag '--cuont'")
                .hasMessageContaining("--count, --name")
                .hasMessageContaining(USAGE);
    }

    @Test
    void shouldRefuseAFlagWithoutValue() {
        assertThatThrownBy(() -> Flags.parse(new String[] {"--count"}, USAGE, "count"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--count' needs a value");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--count", "--name", "x"}, USAGE, "count", "name"))
                .hasMessageContaining("'--count' needs a value");
    }

    @Test
    void shouldRefuseABareWordAndARepeatedFlag() {
        assertThatThrownBy(() -> Flags.parse(new String[] {"input.txt"}, USAGE, "count"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument 'input.txt'");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--count", "1", "--count=2"}, USAGE, "count"))
                .hasMessageContaining("given twice");
    }

    @Test
    void shouldRefuseANumberThatIsNotAPositiveWholeNumber() {
        Flags text = Flags.parse(new String[] {"--count", "ten"}, USAGE, "count");
        Flags zero = Flags.parse(new String[] {"--count", "0"}, USAGE, "count");

        assertThatThrownBy(() -> text.getPositiveLong("count", 1))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a whole number, got 'ten'");
        assertThatThrownBy(() -> zero.getPositiveLong("count", 1))
                .hasMessageContaining("must be at least 1, got 0");
    }
}
