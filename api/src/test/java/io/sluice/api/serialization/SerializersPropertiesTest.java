package io.sluice.api.serialization;

import io.sluice.api.testing.RandomValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/** Round trips of random values, one run per seed; the seed is in every assertion message. */
class SerializersPropertiesTest {

    record Event(String key, long time, Double value, int count) {
    }

    static LongStream seeds() {
        return RandomValues.seeds(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void longsRoundTrip(long seed) throws IOException {
        long value = new RandomValues(seed).anyLong();

        assertThat(roundTrip(Serializers.LONG, value)).as("seed " + seed + ", value " + value).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stringsRoundTrip(long seed) throws IOException {
        String value = new RandomValues(seed).anyString();

        assertThat(roundTrip(Serializers.STRING, value)).as("seed " + seed + ", value " + codes(value))
                .isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stringsWithoutSurrogatesAreWrittenAsUtf8(long seed) throws IOException {
        String value = new RandomValues(seed).anyString().chars()
                .filter(c -> !Character.isSurrogate((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);

        byte[] bytes = bytesOf(Serializers.STRING, value);

        assertThat(Arrays.copyOfRange(bytes, 4, bytes.length)).as("seed " + seed + ", value " + codes(value))
                .containsExactly(utf8);
        assertThat(bytes.length).as("seed " + seed + ", value " + codes(value)).isEqualTo(4 + utf8.length);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void listsOfLongsRoundTripInOrder(long seed) throws IOException {
        RandomValues random = new RandomValues(seed);
        List<Long> value = random.listOf(50, random::anyLong);

        assertThat(roundTrip(Serializers.listOf(Serializers.LONG), value)).as("seed " + seed).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void listsOfStringsRoundTripInOrder(long seed) throws IOException {
        RandomValues random = new RandomValues(seed);
        List<String> value = random.listOf(30, random::anyString);

        assertThat(roundTrip(Serializers.listOf(Serializers.STRING), value)).as("seed " + seed).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mapsRoundTrip(long seed) throws IOException {
        RandomValues random = new RandomValues(seed);
        Map<String, Integer> value = new HashMap<>();
        for (String key : random.listOf(30, random::anyString)) {
            value.put(key, random.anyInt());
        }

        assertThat(roundTrip(Serializers.mapOf(Serializers.STRING, Serializers.INT), value)).as("seed " + seed)
                .isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void recordsRoundTrip(long seed) throws IOException {
        RandomValues random = new RandomValues(seed);
        // null now and then: records write a presence byte per component
        Event e = new Event(random.oneIn(10) ? null : random.anyString(), random.anyLong(),
                random.oneIn(10) ? null : random.anyDouble(), random.anyInt());

        assertThat(roundTrip(Serializers.of(Event.class), e)).as("seed " + seed + ", event " + e).isEqualTo(e);
    }

    /** The chars as hex, so unprintable and unpaired ones show in a failure message. */
    private static String codes(String s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length(); i++) {
            b.append(i == 0 ? "" : " ").append(Integer.toHexString(s.charAt(i)));
        }
        return b.append(']').toString();
    }
}
