package io.sluice.api.serialization;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.read;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records through the compiled codec: the wire format of the reflective serializer, every component kind. */
class RecordSerializerTest {

    enum Side { BUY, SELL, HOLD }

    record Inner(String tag, long at) {
    }

    /** One component of each kind the format knows, in an order that mixes them. */
    record Pinned(long id, int count, String name, Integer boxed, Long total, double price, boolean flag, Side side,
                  char c, short s, byte b, float f, Inner inner, Inner none) {
    }

    record Primitives(long l, int i, double d, boolean z, char c, short s, byte b, float f) {
    }

    record Boxes(Long l, Integer i, Double d, Boolean z, Character c, Short s, Byte b, Float f) {
    }

    record Outer(Inner first, Primitives second, Boxes third, Outer2 deeper) {
    }

    record Outer2(Inner inner, String note) {
    }

    record Collections(List<String> names, Map<String, Long> totals, List<Side> sides, Map<Side, List<Inner>> bySide,
                       List<List<Integer>> nested) {
    }

    record Empty() {
    }

    /** Not public, and so is its canonical constructor: only its own lookup may call it. */
    private record Hidden(long id, String name) {
    }

    record Validated(long id) {
        Validated {
            if (id < 0) {
                throw new IllegalArgumentException("id " + id + " is negative");
            }
        }
    }

    record SelfReferring(String name, SelfReferring next) {
    }

    // ---- the wire format -------------------------------------------------------------------------

    @Test
    void shouldWriteEachComponentAsAPresenceByteThenItsSerializersBytesAsBefore() throws IOException {
        Pinned p = new Pinned(0x0102030405060708L, -2, "é€", null, 5L, 1.5, true, Side.HOLD, 'A', (short) -1,
                (byte) 0x7F, -2.0f, new Inner("x", 258L), null);

        // computed by hand from the format: presence byte, then the component's bytes; big-endian
        int[] expected = {
            1, 1, 2, 3, 4, 5, 6, 7, 8,                      // long id
            1, 0xFF, 0xFF, 0xFF, 0xFE,                      // int count -2
            1, 0, 0, 0, 5, 0xC3, 0xA9, 0xE2, 0x82, 0xAC,    // String "é€": byte length 5, UTF-8
            0,                                              // Integer boxed: null
            1, 0, 0, 0, 0, 0, 0, 0, 5,                      // Long total 5
            1, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0,                // double 1.5
            1, 1,                                           // boolean true
            1, 0, 0, 0, 2,                                  // enum HOLD: ordinal 2
            1, 0, 0x41,                                     // char 'A'
            1, 0xFF, 0xFF,                                  // short -1
            1, 0x7F,                                        // byte 127
            1, 0xC0, 0, 0, 0,                               // float -2.0
            1,                                              // Inner present, then its own components:
            1, 0, 0, 0, 1, 'x',                             //   String "x"
            1, 0, 0, 0, 0, 0, 0, 1, 2,                      //   long 258
            0                                               // Inner none: null
        };

        byte[] bytes = bytesOf(Serializers.of(Pinned.class), p);

        assertThat(bytes).containsExactly(expected);
        assertThat(read(Serializers.of(Pinned.class), bytes)).isEqualTo(p);
    }

    @Test
    void shouldReadBytesHandWrittenInTheFormat() throws IOException {
        byte[] bytes = {1, 0, 0, 0, 2, 'o', 'k', 1, 0, 0, 0, 0, 0, 0, 0, 9};

        assertThat(read(Serializers.of(Inner.class), bytes)).isEqualTo(new Inner("ok", 9));
        assertThat(read(Serializers.of(Inner.class), new byte[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 9}))
                .isEqualTo(new Inner(null, 9));
    }

    @Test
    void shouldWriteListsAndMapsAsTheirSerializersDo() throws IOException {
        Collections c = new Collections(List.of("a", "bc"), Map.of("k", 7L), List.of(Side.SELL), null, List.of());

        assertThat(bytesOf(Serializers.of(Collections.class), c)).containsExactly(
                1, 0, 0, 0, 2, 0, 0, 0, 1, 'a', 0, 0, 0, 2, 'b', 'c',   // list: size, then each element
                1, 0, 0, 0, 1, 0, 0, 0, 1, 'k', 0, 0, 0, 0, 0, 0, 0, 7, // map: size, then key, value
                1, 0, 0, 0, 1, 0, 0, 0, 1,                               // List<Side>: one ordinal
                0,                                                       // bySide: null
                1, 0, 0, 0, 0);                                          // empty list of lists
    }

    // ---- round trips -----------------------------------------------------------------------------

    @Test
    void shouldRoundTripEveryPrimitiveComponentAtItsExtremes() throws IOException {
        TypeSerializer<Primitives> s = Serializers.of(Primitives.class);
        List<Primitives> values = List.of(
                new Primitives(0, 0, 0.0, false, '\0', (short) 0, (byte) 0, 0f),
                new Primitives(Long.MIN_VALUE, Integer.MIN_VALUE, -0.0, true, '\uffff', Short.MIN_VALUE,
                        Byte.MIN_VALUE, -0.0f),
                new Primitives(Long.MAX_VALUE, Integer.MAX_VALUE, Double.MAX_VALUE, true, 'é', Short.MAX_VALUE,
                        Byte.MAX_VALUE, Float.MAX_VALUE),
                new Primitives(-1, -1, Double.NaN, false, '\ud83d', (short) -1, (byte) -1, Float.NaN),
                new Primitives(1, 1, Double.NEGATIVE_INFINITY, true, 'x', (short) 1, (byte) 1, Float.MIN_VALUE));

        for (Primitives p : values) {
            Primitives copy = roundTrip(s, p);

            assertThat(copy).isEqualTo(p); // records compare doubles and floats bit for bit (-0.0 and NaN)
            assertThat(Double.doubleToRawLongBits(copy.d())).isEqualTo(Double.doubleToRawLongBits(p.d()));
            assertThat(Float.floatToRawIntBits(copy.f())).isEqualTo(Float.floatToRawIntBits(p.f()));
        }
        // a presence byte and the value for each: 8 + 4 + 8 + 1 + 2 + 2 + 1 + 4 bytes of values
        assertThat(bytesOf(s, values.get(0))).hasSize(8 + 30);
    }

    @Test
    void shouldRoundTripEveryBoxedComponentIncludingNull() throws IOException {
        TypeSerializer<Boxes> s = Serializers.of(Boxes.class);
        Boxes full = new Boxes(Long.MIN_VALUE, -7, -0.0, true, 'ü', (short) 300, (byte) -128, Float.NaN);
        Boxes empty = new Boxes(null, null, null, null, null, null, null, null);
        Boxes some = new Boxes(1L, null, 2.5, null, 'c', null, (byte) 3, null);

        assertThat(roundTrip(s, full)).isEqualTo(full);
        assertThat(roundTrip(s, empty)).isEqualTo(empty);
        assertThat(roundTrip(s, some)).isEqualTo(some);
        assertThat(bytesOf(s, empty)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        // boxed components are written like the primitive ones when present
        assertThat(bytesOf(s, full)).hasSize(8 + 30);
    }

    @Test
    void shouldRoundTripNestedRecordsWithNullsAtEveryLevel() throws IOException {
        TypeSerializer<Outer> s = Serializers.of(Outer.class);
        Primitives p = new Primitives(1, 2, 3, true, 'c', (short) 4, (byte) 5, 6);
        Boxes b = new Boxes(1L, 2, 3.0, false, 'd', (short) 5, (byte) 6, 7f);
        List<Outer> values = List.of(
                new Outer(new Inner("i", 1), p, b, new Outer2(new Inner("j", 2), "note ✓")),
                new Outer(null, null, null, null),
                new Outer(new Inner(null, 0), p, new Boxes(null, null, null, null, null, null, null, null),
                        new Outer2(null, null)));

        for (Outer o : values) {
            assertThat(roundTrip(s, o)).isEqualTo(o);
        }
    }

    @Test
    void shouldRoundTripAPrivateRecordWithAPrivateConstructor() throws IOException {
        TypeSerializer<Hidden> s = Serializers.of(Hidden.class);

        assertThat(roundTrip(s, new Hidden(42, "h"))).isEqualTo(new Hidden(42, "h"));
        assertThat(codecOf(s).getClass().isHidden()).isTrue();
    }

    @Test
    void shouldRoundTripRecordsOfListsMapsAndEnums() throws IOException {
        TypeSerializer<Collections> s = Serializers.of(Collections.class);
        Map<Side, List<Inner>> bySide = new HashMap<>();
        bySide.put(Side.BUY, List.of(new Inner("a", 1), new Inner(null, 2)));
        bySide.put(Side.HOLD, List.of());
        Collections full = new Collections(new LinkedList<>(List.of("x", "", "ÿĀ")), Map.of("k", 1L, "ü", -1L),
                List.of(Side.SELL, Side.BUY, Side.SELL), bySide, List.of(List.of(1, 2), List.of(), List.of(3)));
        Collections empty = new Collections(List.of(), Map.of(), new ArrayList<>(), new HashMap<>(), List.of());
        Collections nulls = new Collections(null, null, null, null, null);

        assertThat(roundTrip(s, full)).isEqualTo(full);
        assertThat(roundTrip(s, empty)).isEqualTo(empty);
        assertThat(roundTrip(s, nulls)).isEqualTo(nulls);
    }

    @Test
    void shouldWriteNothingForARecordWithoutComponents() throws IOException {
        TypeSerializer<Empty> s = Serializers.of(Empty.class);

        assertThat(bytesOf(s, new Empty())).isEmpty();
        assertThat(read(s, new byte[0])).isEqualTo(new Empty());
    }

    // ---- the compiled codec ----------------------------------------------------------------------

    @Test
    void shouldCompileEachRecordClassOnceIntoAHiddenClass() {
        ComponentCodec first = codecOf(Serializers.of(Primitives.class));
        ComponentCodec second = codecOf(Serializers.of(Primitives.class));
        ComponentCodec other = codecOf(Serializers.of(Boxes.class));

        assertThat(first.getClass().isHidden()).as("codec class %s", first.getClass()).isTrue();
        assertThat(second).isSameAs(first);
        assertThat(other.getClass()).isNotSameAs(first.getClass());
    }

    @Test
    void shouldWriteAndReadTheSameBytesThroughTheFallbackWithoutAHiddenClass() throws IOException {
        Pinned p = new Pinned(-5, 6, "日本", 7, null, -2.25, false, Side.BUY, 'q', (short) 8, (byte) 9, 1e-3f,
                new Inner(null, -1), new Inner("n", 0));
        ComponentCodec fallback = ComponentCodec.ofHandles(ComponentHandles.forRecord(Pinned.class));
        TypeSerializer<Pinned> viaFallback = new CodecSerializer<>(fallback);

        byte[] bytes = bytesOf(viaFallback, p);

        assertThat(fallback.getClass().isHidden()).isFalse();
        assertThat(bytes).containsExactly(bytesOf(Serializers.of(Pinned.class), p));
        assertThat(read(viaFallback, bytes)).isEqualTo(p);
    }

    @Test
    void shouldRebuildTheCodecAfterTheSerializerIsCopiedWithJavaSerialization() throws Exception {
        TypeSerializer<Pinned> original = Serializers.of(Pinned.class);
        Pinned p = new Pinned(1, 2, "three", 4, 5L, 6.0, true, Side.SELL, '7', (short) 8, (byte) 9, 10f,
                new Inner("eleven", 12), null);

        TypeSerializer<Pinned> copy = javaCopy(original);

        assertThat(copy).isNotSameAs(original);
        assertThat(copy.typeName()).isEqualTo(Pinned.class.getName());
        assertThat(bytesOf(copy, p)).containsExactly(bytesOf(original, p));
        assertThat(roundTrip(copy, p)).isEqualTo(p);
        assertThat(codecOf(copy)).isSameAs(codecOf(original));
    }

    // ---- errors ----------------------------------------------------------------------------------

    @Test
    void shouldRefuseAPrimitiveComponentMarkedAbsentNamingIt() {
        byte[] bytes = {1, 0, 0, 0, 1, 'x', 0}; // Inner: tag "x", then the long 'at' marked absent

        assertThatThrownBy(() -> read(Serializers.of(Inner.class), bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("component 'at' of record " + Inner.class.getName())
                .hasMessageContaining("presence byte says absent");
    }

    @Test
    void shouldReportAFailingCanonicalConstructorAsAnIOExceptionWithTheCause() {
        byte[] bytes = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF}; // id -1

        assertThatThrownBy(() -> read(Serializers.of(Validated.class), bytes))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot create record " + Validated.class.getName())
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("id -1 is negative");
    }

    @Test
    void shouldRefuseARecordThatRefersToItselfNamingTheComponent() {
        assertThatThrownBy(() -> Serializers.of(SelfReferring.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record " + SelfReferring.class.getName() + " refers to itself in component 'next'")
                .hasMessageContaining("pass a TypeSerializer");
    }

    static ComponentCodec codecOf(TypeSerializer<?> serializer) {
        return Serializers.codecForTesting(serializer);
    }

    /** A serializer over a given codec, to run the fallback codec through the test helpers. */
    static final class CodecSerializer<T> implements TypeSerializer<T> {
        private final transient ComponentCodec codec;

        CodecSerializer(ComponentCodec codec) {
            this.codec = codec;
        }

        @Override
        public void serialize(T value, java.io.DataOutput out) throws IOException {
            codec.write(value, out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(java.io.DataInput in) throws IOException {
            return (T) codec.read(in);
        }

        @Override
        public String typeName() {
            return "codec";
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T javaCopy(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
