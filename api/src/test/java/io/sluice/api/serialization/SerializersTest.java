package io.sluice.api.serialization;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.read;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerializersTest {

    enum Color { RED, GREEN, BLUE }

    /** Constants with bodies are instances of anonymous subclasses of the enum. */
    enum Op {
        PLUS { int apply(int a, int b) { return a + b; } },
        TIMES { int apply(int a, int b) { return a * b; } };

        abstract int apply(int a, int b);
    }

    record Point(int x, long y, double z, boolean flag, char c, short s, byte b, float f) {
    }

    record Reading(String sensor, Point where, Color color, Integer boxed, Long total) {
    }

    record Envelope(Reading reading, Reading previous, String note) {
    }

    record WithBytes(byte[] payload) {
    }

    record WithUnsupported(String name, Object payload) {
    }

    /** No no-argument constructor, so no serializer can be derived. */
    static final class Unsupported {
        final int x;

        Unsupported(int x) {
            this.x = x;
        }
    }

    // ---- built-ins -------------------------------------------------------------------------------

    @Test
    void shouldRoundTripLongsIncludingExtremes() throws IOException {
        for (long v : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1234567890123L}) {
            assertThat(roundTrip(Serializers.LONG, v)).isEqualTo(v);
        }
        assertThat(bytesOf(Serializers.LONG, 1L)).hasSize(8);
    }

    @Test
    void shouldRoundTripIntegersShortsAndBytesIncludingExtremes() throws IOException {
        for (int v : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42}) {
            assertThat(roundTrip(Serializers.INT, v)).isEqualTo(v);
        }
        for (short v : new short[] {0, -1, Short.MIN_VALUE, Short.MAX_VALUE}) {
            assertThat(roundTrip(Serializers.SHORT, v)).isEqualTo(v);
        }
        for (byte v : new byte[] {0, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
            assertThat(roundTrip(Serializers.BYTE, v)).isEqualTo(v);
        }
        assertThat(bytesOf(Serializers.INT, 7)).hasSize(4);
        assertThat(bytesOf(Serializers.SHORT, (short) 7)).hasSize(2);
        assertThat(bytesOf(Serializers.BYTE, (byte) 7)).hasSize(1);
    }

    @Test
    void shouldRoundTripDoublesAndFloatsBitForBit() throws IOException {
        for (double v : new double[] {0.0, -0.0, 1.5, -1e300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(Double.doubleToRawLongBits(roundTrip(Serializers.DOUBLE, v)))
                    .as("bits of %s", v).isEqualTo(Double.doubleToRawLongBits(v));
        }
        for (float v : new float[] {0.0f, -0.0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                Float.NEGATIVE_INFINITY}) {
            assertThat(Float.floatToRawIntBits(roundTrip(Serializers.FLOAT, v)))
                    .as("bits of %s", v).isEqualTo(Float.floatToRawIntBits(v));
        }
    }

    @Test
    void shouldRoundTripBooleansAndCharacters() throws IOException {
        assertThat(roundTrip(Serializers.BOOLEAN, true)).isTrue();
        assertThat(roundTrip(Serializers.BOOLEAN, false)).isFalse();
        for (char v : new char[] {'a', '\u0000', '\uffff', 'é', '日', '\ud83d'}) {
            assertThat(roundTrip(Serializers.CHAR, v)).isEqualTo(v);
        }
    }

    @Test
    void shouldWriteStringsAsUtf8WithAnIntLength() throws IOException {
        byte[] bytes = bytesOf(Serializers.STRING, "é");

        assertThat(bytes).containsExactly(0, 0, 0, 2, 0xC3, 0xA9);
    }

    @Test
    void shouldRoundTripEmptyAndNonAsciiStrings() throws IOException {
        for (String v : new String[] {"", "plain", "héllo wörld", "日本語のテキスト", "emoji 😀 and 𝄞", "nul\u0000inside"}) {
            assertThat(roundTrip(Serializers.STRING, v)).isEqualTo(v);
        }
    }

    @Test
    void shouldRoundTripStringsLongerThan64KiB() throws IOException {
        // 2 + 3 + 6 bytes per repetition (the emoji is two chars of 3 bytes each): 220,000 bytes
        String big = "ä€😀".repeat(20_000);

        byte[] bytes = bytesOf(Serializers.STRING, big);

        assertThat(bytes).hasSize(4 + 220_000);
        assertThat(read(Serializers.STRING, bytes)).isEqualTo(big);
    }

    @Test
    void shouldRoundTripUnpairedHighSurrogates() throws IOException {
        // e.g. an emoji cut in half by a substring: legal in a Java String, lost as '?' by getBytes(UTF_8)
        assertThat(bytesOf(Serializers.STRING, "\ud83d")).containsExactly(0, 0, 0, 3, 0xED, 0xA0, 0xBD);
        for (String v : new String[] {"\ud83d", "a\ud83d", "\ud83db", "\ud83d\ud83d", "\udbff", "\ud800"}) {
            assertThat(roundTrip(Serializers.STRING, v)).as(codes(v)).isEqualTo(v);
        }
    }

    @Test
    void shouldRoundTripUnpairedLowSurrogates() throws IOException {
        assertThat(bytesOf(Serializers.STRING, "\ude00")).containsExactly(0, 0, 0, 3, 0xED, 0xB8, 0x80);
        for (String v : new String[] {"\ude00", "x\ude00y", "\ude00\ud83d", "\udc00", "\udfff"}) {
            assertThat(roundTrip(Serializers.STRING, v)).as(codes(v)).isEqualTo(v);
        }
    }

    @Test
    void shouldWriteAValidSurrogatePairAsTwoThreeByteSequences() throws IOException {
        String emoji = "😀"; // U+1F600, chars D83D DE00

        assertThat(bytesOf(Serializers.STRING, emoji))
                .containsExactly(0, 0, 0, 6, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80);
        assertThat(roundTrip(Serializers.STRING, emoji)).isEqualTo(emoji);
        assertThat(roundTrip(Serializers.STRING, "a😀b𝄞")).isEqualTo("a😀b𝄞");
    }

    @Test
    void shouldWriteNulCharsAsOneZeroByte() throws IOException {
        // plain UTF-8, not the C0 80 of modified UTF-8 (writeUTF)
        assertThat(bytesOf(Serializers.STRING, "\u0000")).containsExactly(0, 0, 0, 1, 0);
        assertThat(bytesOf(Serializers.STRING, "a\u0000\u0000b")).containsExactly(0, 0, 0, 4, 'a', 0, 0, 'b');
        assertThat(roundTrip(Serializers.STRING, "\u0000")).isEqualTo("\u0000");
        assertThat(roundTrip(Serializers.STRING, "\u0000".repeat(1000))).isEqualTo("\u0000".repeat(1000));
    }

    @Test
    void shouldWriteEachCharInOneTwoOrThreeBytesAtTheBoundaries() throws IOException {
        assertThat(bytesOf(Serializers.STRING, "\u007f")).containsExactly(0, 0, 0, 1, 0x7F);
        assertThat(bytesOf(Serializers.STRING, "\u0080")).containsExactly(0, 0, 0, 2, 0xC2, 0x80);
        assertThat(bytesOf(Serializers.STRING, "\u07ff")).containsExactly(0, 0, 0, 2, 0xDF, 0xBF);
        assertThat(bytesOf(Serializers.STRING, "\u0800")).containsExactly(0, 0, 0, 3, 0xE0, 0xA0, 0x80);
        assertThat(bytesOf(Serializers.STRING, "\uffff")).containsExactly(0, 0, 0, 3, 0xEF, 0xBF, 0xBF);
        assertThat(bytesOf(Serializers.STRING, "€")).containsExactly(0, 0, 0, 3, 0xE2, 0x82, 0xAC);
    }

    @Test
    void shouldRoundTripA200KbStringOfRandomChars() throws IOException {
        Random random = new Random(7);
        char[] chars = new char[200_000];
        long expectedBytes = 0;
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0x10000); // any char value, surrogates in any order included
            expectedBytes += chars[i] < 0x80 ? 1 : chars[i] < 0x800 ? 2 : 3;
        }
        String big = new String(chars);

        byte[] bytes = bytesOf(Serializers.STRING, big);

        assertThat(bytes).hasSize((int) (4 + expectedBytes));
        assertThat(read(Serializers.STRING, bytes)).isEqualTo(big);
    }

    @Test
    void shouldRoundTripEveryCharValue() throws IOException {
        char[] all = new char[0x10000];
        for (int c = 0; c < all.length; c++) {
            all[c] = (char) c;
        }
        String every = new String(all);

        assertThat(roundTrip(Serializers.STRING, every)).isEqualTo(every);
    }

    @Test
    void shouldRefuseMalformedStringBytesNamingTheProblem() {
        // {length, bytes...}; each is refused with an IOException, none decodes to some other string
        assertMalformed(new byte[] {0, 0, 0, 1, (byte) 0x80}, "bad lead byte 0x80 at byte 0 of 1");
        assertMalformed(new byte[] {0, 0, 0, 2, 'a', (byte) 0xBF}, "bad lead byte 0xBF at byte 1 of 2");
        assertMalformed(new byte[] {0, 0, 0, 4, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
                "bad lead byte 0xF0"); // 4-byte UTF-8: never written, supplementary chars are two 3-byte chars
        assertMalformed(new byte[] {0, 0, 0, 1, (byte) 0xFF}, "bad lead byte 0xFF");
        assertMalformed(new byte[] {0, 0, 0, 2, (byte) 0xC3, 'A'}, "bad continuation byte 0x41 at byte 1 of 2");
        assertMalformed(new byte[] {0, 0, 0, 3, (byte) 0xE2, (byte) 0x82, (byte) 0xC0},
                "bad continuation byte 0xC0 at byte 2 of 3");
        assertMalformed(new byte[] {0, 0, 0, 1, (byte) 0xC3}, "truncated sequence (lead byte 0xC3 at the end)");
        assertMalformed(new byte[] {0, 0, 0, 3, 'a', (byte) 0xE2, (byte) 0x82},
                "truncated sequence (lead byte 0xE2 at the end) at byte 1 of 3");
        assertMalformed(new byte[] {0, 0, 0, 2, (byte) 0xC0, (byte) 0x80}, "overlong 2-byte sequence");
        assertMalformed(new byte[] {0, 0, 0, 3, (byte) 0xE0, (byte) 0x80, (byte) 0xBF}, "overlong 3-byte sequence");
        assertMalformed(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE},
                "negative byte length -2");
        assertThatThrownBy(() -> read(Serializers.STRING, new byte[] {0, 0, 0, 5, 'a', 'b'}))
                .isInstanceOf(EOFException.class);
    }

    private static void assertMalformed(byte[] bytes, String problem) {
        assertThatThrownBy(() -> read(Serializers.STRING, bytes))
                .as("bytes %s", Arrays.toString(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("malformed string: ")
                .hasMessageContaining(problem);
    }

    /** The chars as hex, so unpaired surrogates show in a failure message. */
    private static String codes(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            b.append(i == 0 ? "" : " ").append(Integer.toHexString(s.charAt(i)));
        }
        return b.toString();
    }

    @Test
    void shouldRoundTripByteArraysOfAnySize() throws IOException {
        byte[] random = new byte[100_000];
        new Random(42).nextBytes(random);

        assertThat(roundTrip(Serializers.BYTES, new byte[0])).isEmpty();
        assertThat(roundTrip(Serializers.BYTES, random)).containsExactly(random);
        assertThat(bytesOf(Serializers.BYTES, new byte[] {9, 8})).containsExactly(0, 0, 0, 2, 9, 8);
    }

    @Test
    void shouldFindTheBuiltInSerializerForBoxedAndPrimitiveClasses() {
        assertThat(Serializers.of(Long.class)).isSameAs(Serializers.LONG);
        assertThat(Serializers.of(long.class)).isSameAs(Serializers.LONG);
        assertThat(Serializers.of(Integer.class)).isSameAs(Serializers.INT);
        assertThat(Serializers.of(int.class)).isSameAs(Serializers.INT);
        assertThat(Serializers.of(Short.class)).isSameAs(Serializers.SHORT);
        assertThat(Serializers.of(short.class)).isSameAs(Serializers.SHORT);
        assertThat(Serializers.of(Byte.class)).isSameAs(Serializers.BYTE);
        assertThat(Serializers.of(byte.class)).isSameAs(Serializers.BYTE);
        assertThat(Serializers.of(Double.class)).isSameAs(Serializers.DOUBLE);
        assertThat(Serializers.of(double.class)).isSameAs(Serializers.DOUBLE);
        assertThat(Serializers.of(Float.class)).isSameAs(Serializers.FLOAT);
        assertThat(Serializers.of(float.class)).isSameAs(Serializers.FLOAT);
        assertThat(Serializers.of(Boolean.class)).isSameAs(Serializers.BOOLEAN);
        assertThat(Serializers.of(boolean.class)).isSameAs(Serializers.BOOLEAN);
        assertThat(Serializers.of(Character.class)).isSameAs(Serializers.CHAR);
        assertThat(Serializers.of(char.class)).isSameAs(Serializers.CHAR);
        assertThat(Serializers.of(String.class)).isSameAs(Serializers.STRING);
        assertThat(Serializers.of(byte[].class)).isSameAs(Serializers.BYTES);
    }

    @Test
    void shouldNameTheTypeItWrites() {
        assertThat(Serializers.LONG.typeName()).isEqualTo("Long");
        assertThat(Serializers.STRING.toString()).isEqualTo("Serializer<String>");
        assertThat(Serializers.of(Color.class).typeName()).isEqualTo(Color.class.getName());
        assertThat(Serializers.listOf(Serializers.INT).typeName()).isEqualTo("List<Integer>");
        assertThat(Serializers.mapOf(Serializers.STRING, Serializers.LONG).typeName()).isEqualTo("Map<String,Long>");
    }

    // ---- enums -----------------------------------------------------------------------------------

    @Test
    void shouldRoundTripEveryEnumConstantAsItsOrdinal() throws IOException {
        TypeSerializer<Color> s = Serializers.of(Color.class);

        for (Color c : Color.values()) {
            assertThat(roundTrip(s, c)).isSameAs(c);
        }
        assertThat(bytesOf(s, Color.BLUE)).containsExactly(0, 0, 0, 2);
    }

    @Test
    void shouldRoundTripEnumConstantsWithBodies() throws IOException {
        TypeSerializer<Op> s = Serializers.of(Op.class);

        assertThat(roundTrip(s, Op.TIMES)).isSameAs(Op.TIMES);
        assertThat(roundTrip(s, Op.PLUS).apply(2, 3)).isEqualTo(5);
    }

    @Test
    void shouldRefuseAnOrdinalOutOfRangeWithAnIOException() {
        TypeSerializer<Color> s = Serializers.of(Color.class);

        assertThatThrownBy(() -> read(s, new byte[] {0, 0, 0, 3}))
                .isInstanceOf(IOException.class)
                .hasMessage("ordinal 3 is not a constant of " + Color.class.getName());
        assertThatThrownBy(() -> read(s, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isInstanceOf(IOException.class)
                .hasMessage("ordinal -1 is not a constant of " + Color.class.getName());
    }

    // ---- records ---------------------------------------------------------------------------------

    @Test
    void shouldRoundTripARecordWithEveryPrimitiveComponent() throws IOException {
        Point p = new Point(-7, Long.MAX_VALUE, 2.5, true, 'ß', (short) -3, (byte) 127, 0.25f);

        assertThat(roundTrip(Serializers.of(Point.class), p)).isEqualTo(p);
    }

    @Test
    void shouldRoundTripNestedRecords() throws IOException {
        Point p = new Point(1, 2, 3.0, false, 'x', (short) 4, (byte) 5, 6f);
        Envelope e = new Envelope(new Reading("s-1", p, Color.GREEN, 17, 99L),
                new Reading("s-0", p, Color.RED, -1, 0L), "note ✓");

        assertThat(roundTrip(Serializers.of(Envelope.class), e)).isEqualTo(e);
    }

    @Test
    void shouldRoundTripNullComponentsAsNull() throws IOException {
        Envelope allNull = new Envelope(null, null, null);
        Envelope partlyNull = new Envelope(new Reading(null, null, null, null, 5L), null, "x");

        assertThat(roundTrip(Serializers.of(Envelope.class), allNull)).isEqualTo(allNull);
        assertThat(roundTrip(Serializers.of(Envelope.class), partlyNull)).isEqualTo(partlyNull);
        // one presence byte per component, nothing else, when every component is null
        assertThat(bytesOf(Serializers.of(Envelope.class), allNull)).containsExactly(0, 0, 0);
    }

    @Test
    void shouldRoundTripARecordWithAByteArrayComponent() throws IOException {
        WithBytes w = new WithBytes(new byte[] {1, 2, 3});

        assertThat(roundTrip(Serializers.of(WithBytes.class), w).payload()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseARecordWithAComponentWithoutSerializerNamingTheComponent() {
        assertThatThrownBy(() -> Serializers.of(WithUnsupported.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("component 'payload'")
                .hasMessageContaining("record " + WithUnsupported.class.getName())
                .hasMessageContaining("no serializer for type java.lang.Object")
                .hasMessageContaining("pass a TypeSerializer explicitly");
    }

    @Test
    void shouldStillWorkAfterTheSerializerItselfIsCopiedWithJavaSerialization() throws Exception {
        // The runtime copies user objects, and the serializers they hold, with Java serialization:
        // the transient reflection caches must be rebuilt on first use.
        TypeSerializer<Envelope> records = javaCopy(Serializers.of(Envelope.class));
        TypeSerializer<Color> enums = javaCopy(Serializers.of(Color.class));
        TypeSerializer<List<Long>> lists = javaCopy(Serializers.listOf(Serializers.LONG));
        Envelope e = new Envelope(new Reading("a", null, Color.BLUE, 1, null), null, "n");

        assertThat(roundTrip(records, e)).isEqualTo(e);
        assertThat(roundTrip(enums, Color.GREEN)).isSameAs(Color.GREEN);
        assertThat(roundTrip(lists, List.of(3L, 4L))).containsExactly(3L, 4L);
    }

    // ---- collections -----------------------------------------------------------------------------

    @Test
    void shouldRoundTripListsInOrder() throws IOException {
        TypeSerializer<List<String>> s = Serializers.listOf(Serializers.STRING);

        assertThat(roundTrip(s, List.of())).isEmpty();
        assertThat(roundTrip(s, List.of("b", "", "ü", "a", "b"))).containsExactly("b", "", "ü", "a", "b");
    }

    @Test
    void shouldRoundTripMapsOfNestedCollectionsAndRecords() throws IOException {
        TypeSerializer<Map<String, List<Long>>> nested =
                Serializers.mapOf(Serializers.STRING, Serializers.listOf(Serializers.LONG));
        Map<String, List<Long>> value = new HashMap<>();
        value.put("a", List.of(1L, 2L));
        value.put("b", List.of());
        value.put("", List.of(Long.MIN_VALUE));
        TypeSerializer<Map<Color, Point>> records = Serializers.mapOf(Serializers.of(Color.class),
                Serializers.of(Point.class));
        Map<Color, Point> points = Map.of(Color.RED, new Point(1, 2, 3, true, 'c', (short) 1, (byte) 2, 3f));

        assertThat(roundTrip(nested, value)).isEqualTo(value);
        assertThat(roundTrip(nested, Map.of())).isEmpty();
        assertThat(roundTrip(records, points)).isEqualTo(points);
    }

    @Test
    void shouldRoundTripALargeList() throws IOException {
        List<Integer> big = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            big.add(i * 31);
        }

        assertThat(roundTrip(Serializers.listOf(Serializers.INT), big)).isEqualTo(big);
    }

    // ---- errors ----------------------------------------------------------------------------------

    @Test
    void shouldRefuseAnUnsupportedClassNamingItAndTheFix() {
        assertThatThrownBy(() -> Serializers.of(Unsupported.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no serializer for type " + Unsupported.class.getName())
                .hasMessageContaining("supported are boxed primitives, String, arrays of byte/int/long/double, enums,"
                        + " records and classes with a no-argument constructor")
                .hasMessageContaining("pass a TypeSerializer explicitly");
        assertThatThrownBy(() -> Serializers.of(List.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.util.List");
    }

    @Test
    void shouldInferAnUndeclaredTypeFromItsFirstValue() throws Exception {
        TypeSerializer<Object> s = Serializers.undeclared("the elements of the reduce");
        assertThat(s.typeName()).isEqualTo("undeclared type of the elements of the reduce");

        assertThat(roundTrip(s, (Object) new PlainPoint(3, "a"))).isEqualTo(new PlainPoint(3, "a"));
        assertThat(s.typeName()).isEqualTo(PlainPoint.class.getName());
        assertThat(roundTrip(s, (Object) new PlainPoint(-1, null))).isEqualTo(new PlainPoint(-1, null));
    }

    @Test
    void shouldRefuseAnUndeclaredTypeWhoseValuesChangeClass() throws Exception {
        TypeSerializer<Object> s = Serializers.undeclared("the window contents");
        roundTrip(s, (Object) 5L);
        DataOutputStream out = new DataOutputStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> s.serialize("text", out))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("the type of the window contents was taken to be java.lang.Long")
                .hasMessageContaining("a value of java.lang.String came later")
                .hasMessageContaining(".returns(TypeSerializer)");
    }

    @Test
    void shouldFailAnUndeclaredTypeWithoutASerializerNamingWhereTypeAndFix() {
        TypeSerializer<Object> s = Serializers.undeclared("the elements of the reduce");
        DataOutputStream out = new DataOutputStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> s.serialize(new Unsupported(1), out))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("the type of the elements of the reduce (" + Unsupported.class.getName() + ")")
                .hasMessageContaining("declare it with .returns(TypeSerializer)");
    }

    @Test
    void shouldFailToReadAnUndeclaredTypeNothingWasWrittenOf() {
        TypeSerializer<Object> s = Serializers.undeclared("the accumulator");
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[16]));

        assertThatThrownBy(() -> s.deserialize(in))
                .isInstanceOf(SerializationException.class)
                .hasMessage("the type of the accumulator is not known: nothing of it was written by this"
                        + " serializer; declare it with .returns(TypeSerializer)");
    }

    /** A plain class: a no-argument constructor and fields of supported types. */
    static final class PlainPoint {
        int x;
        String label;

        PlainPoint() {
        }

        PlainPoint(int x, String label) {
            this.x = x;
            this.label = label;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PlainPoint p && p.x == x && java.util.Objects.equals(p.label, label);
        }

        @Override
        public int hashCode() {
            return x;
        }
    }

    @Test
    void shouldWriteAPlainClassFieldByField() throws Exception {
        assertThat(roundTrip(Serializers.of(PlainPoint.class), new PlainPoint(7, "p"))).isEqualTo(new PlainPoint(7, "p"));
        assertThat(roundTrip(Serializers.of(long[].class), new long[] {1, -2, Long.MAX_VALUE}))
                .containsExactly(1, -2, Long.MAX_VALUE);
        assertThat(roundTrip(Serializers.of(double[].class), new double[] {0.5})).containsExactly(0.5);
        assertThat(roundTrip(Serializers.of(int[].class), new int[] {})).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaCopy(T object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
