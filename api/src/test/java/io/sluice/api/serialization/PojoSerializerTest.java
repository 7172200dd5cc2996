package io.sluice.api.serialization;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.read;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/** Plain classes field by field through the compiled codec: superclass fields first, a presence byte each. */
class PojoSerializerTest {

    static class Base {
        private long id;
        private String label;
    }

    /** Private fields of every primitive type, a boxed one, a final one, a list and a map, under a superclass's. */
    static final class Sample extends Base {
        private int i;
        private double d;
        private boolean z;
        private char c;
        private short s;
        private byte b;
        private float f;
        private Integer boxed;
        private final long fixed;
        private List<String> tags;
        private Map<String, Integer> counts;
        private transient String cache = "not written";
        private static String shared = "not written either";

        Sample() {
            fixed = 0;
        }

        Sample(long id, String label, int i, double d, boolean z, char c, short s, byte b, float f, Integer boxed,
               long fixed, List<String> tags, Map<String, Integer> counts) {
            ((Base) this).id = id;
            ((Base) this).label = label;
            this.i = i;
            this.d = d;
            this.z = z;
            this.c = c;
            this.s = s;
            this.b = b;
            this.f = f;
            this.boxed = boxed;
            this.fixed = fixed;
            this.tags = tags;
            this.counts = counts;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Sample)) {
                return false;
            }
            Sample x = (Sample) o;
            Base me = this;
            Base other = x;
            return me.id == other.id && Objects.equals(me.label, other.label) && i == x.i
                    && Double.compare(d, x.d) == 0 && z == x.z && c == x.c && s == x.s && b == x.b
                    && Float.compare(f, x.f) == 0 && Objects.equals(boxed, x.boxed) && fixed == x.fixed
                    && Objects.equals(tags, x.tags) && Objects.equals(counts, x.counts);
        }

        @Override
        public int hashCode() {
            return i;
        }
    }

    /** Its constructor sets a default that an absent field keeps. */
    static final class WithDefault {
        String name = "default";
        int n = 7;
    }

    @Test
    void shouldRoundTripSuperclassFieldsPrimitivesBoxesAFinalFieldAndCollections() throws IOException {
        TypeSerializer<Sample> s = Serializers.of(Sample.class);
        Sample full = new Sample(-1, "l", 2, -0.0, true, 'é', (short) -3, (byte) 4, Float.NaN, 5, 6,
                List.of("a", "b"), Map.of("x", 1));
        Sample sparse = new Sample(0, null, 0, 0, false, '\0', (short) 0, (byte) 0, 0, null, Long.MIN_VALUE, null, null);

        assertThat(roundTrip(s, full)).isEqualTo(full);
        assertThat(roundTrip(s, sparse)).isEqualTo(sparse);
        assertThat(Serializers.codecForTesting(s).getClass().isHidden()).isTrue();
    }

    @Test
    void shouldWriteFieldsInTheFormatOfEarlierVersions() throws IOException {
        Sample sample = new Sample(258, "é", 1, 1.5, true, 'A', (short) -1, (byte) 2, -2f, null, 3, null, Map.of());

        assertThat(bytesOf(Serializers.of(Sample.class), sample)).containsExactly(
                1, 0, 0, 0, 0, 0, 0, 1, 2,          // Base.id 258
                1, 0, 0, 0, 2, 0xC3, 0xA9,          // Base.label "é"
                1, 0, 0, 0, 1,                      // i
                1, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0,    // d 1.5
                1, 1,                               // z
                1, 0, 'A',                          // c
                1, 0xFF, 0xFF,                      // s
                1, 2,                               // b
                1, 0xC0, 0, 0, 0,                   // f -2.0
                0,                                  // boxed null
                1, 0, 0, 0, 0, 0, 0, 0, 3,          // fixed
                0,                                  // tags null
                1, 0, 0, 0, 0);                     // counts: empty map
    }

    @Test
    void shouldLeaveAFieldMarkedAbsentAtTheValueItsConstructorGave() throws IOException {
        WithDefault read = read(Serializers.of(WithDefault.class), new byte[] {0, 0});

        assertThat(read.name).isEqualTo("default");
        assertThat(read.n).isEqualTo(7);
    }

    @Test
    void shouldWriteAndReadTheSameBytesThroughTheFallbackWithoutAHiddenClass() throws IOException {
        Sample sample = new Sample(9, "nine", 8, 7, false, '6', (short) 5, (byte) 4, 3, 2, 1, List.of(), null);
        ComponentCodec fallback = ComponentCodec.ofHandles(PojoSerializer.handlesOf(Sample.class));
        TypeSerializer<Sample> viaFallback = new RecordSerializerTest.CodecSerializer<>(fallback);

        byte[] bytes = bytesOf(viaFallback, sample);

        assertThat(bytes).containsExactly(bytesOf(Serializers.of(Sample.class), sample));
        assertThat(read(viaFallback, bytes)).isEqualTo(sample);
    }

    @Test
    void shouldRebuildTheCodecAfterTheSerializerIsCopiedWithJavaSerialization() throws Exception {
        TypeSerializer<Sample> copy = RecordSerializerTest.javaCopy(Serializers.of(Sample.class));
        Sample sample = new Sample(1, "x", 2, 3, true, 'y', (short) 4, (byte) 5, 6, 7, 8, List.of("z"), Map.of("w", 9));

        assertThat(roundTrip(copy, sample)).isEqualTo(sample);
    }
}
