package io.sluice.api.serialization;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.sluice.api.serialization.SerializerTesting.bytesOf;
import static io.sluice.api.serialization.SerializerTesting.read;
import static io.sluice.api.serialization.SerializerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of {@link Serializers#STRING}, pinned by hand from its format (an int byte length, then
 * each char as 1, 2 or 3 bytes of UTF-8, surrogates each on their own), for every path the writer
 * and the reader take: ASCII, Latin-1 decoded in place, wider text, and the switch between them.
 */
class StringFormatTest {

    @Test
    void shouldWriteTheEmptyStringAsAZeroLengthAndReadItBack() throws IOException {
        assertThat(bytesOf(Serializers.STRING, "")).containsExactly(0, 0, 0, 0);
        assertThat(read(Serializers.STRING, new byte[] {0, 0, 0, 0})).isEmpty();
    }

    @Test
    void shouldWriteAsciiAsOneByteEachAfterTheLength() throws IOException {
        assertThat(bytesOf(Serializers.STRING, "Az0~\u007f")).containsExactly(0, 0, 0, 5, 'A', 'z', '0', '~', 0x7F);
        assertThat(read(Serializers.STRING, new byte[] {0, 0, 0, 3, 'a', 'b', 'c'})).isEqualTo("abc");
    }

    @Test
    void shouldWriteLatin1TextWithTwoBytesPerCharAboveAscii() throws IOException {
        byte[] bytes = bytesOf(Serializers.STRING, "héllo ÿ");

        assertThat(bytes).containsExactly(0, 0, 0, 9, 'h', 0xC3, 0xA9, 'l', 'l', 'o', ' ', 0xC3, 0xBF);
        assertThat(read(Serializers.STRING, bytes)).isEqualTo("héllo ÿ");
    }

    @Test
    void shouldReadTextThatTurnsWiderThanLatin1PartWay() throws IOException {
        // ASCII, then Latin-1 (decoded in place), then U+0100 and CJK (a char[] from there)
        byte[] bytes = {0, 0, 0, 12, 'a', (byte) 0xC3, (byte) 0xBF, (byte) 0xC4, (byte) 0x80, 'b',
            (byte) 0xE6, (byte) 0x97, (byte) 0xA5, (byte) 0xC3, (byte) 0xA9, 'c'};

        assertThat(read(Serializers.STRING, bytes)).isEqualTo("aÿĀb日éc");
        assertThat(bytesOf(Serializers.STRING, "aÿĀb日éc")).containsExactly(toInts(bytes));
    }

    @Test
    void shouldReadTextWiderThanLatin1FromTheFirstChar() throws IOException {
        byte[] bytes = {0, 0, 0, 6, (byte) 0xE6, (byte) 0x97, (byte) 0xA5, (byte) 0xE6, (byte) 0x9C, (byte) 0xAC};

        assertThat(read(Serializers.STRING, bytes)).isEqualTo("日本");
        assertThat(bytesOf(Serializers.STRING, "日本")).containsExactly(toInts(bytes));
    }

    @Test
    void shouldWriteASurrogatePairAsTwoThreeByteSequencesBetweenOtherChars() throws IOException {
        // U+1F600 is D83D DE00: ED A0 BD, ED B8 80
        byte[] bytes = bytesOf(Serializers.STRING, "a😀é");

        assertThat(bytes).containsExactly(0, 0, 0, 9, 'a', 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0xC3, 0xA9);
        assertThat(read(Serializers.STRING, bytes)).isEqualTo("a😀é");
    }

    @Test
    void shouldPinEveryByteOfAStringLongerThan64KiB() throws IOException {
        // per repetition: 'a' (1 byte), 'é' (2), '€' (3), U+1F600 (two chars of 3): 12 bytes; 7,000 of them
        String big = "aé€😀".repeat(7_000);
        int[] unit = {'a', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {0, 1, 0x48, 0x20}); // 84,000 = 0x00014820
        for (int r = 0; r < 7_000; r++) {
            for (int b : unit) {
                expected.write(b);
            }
        }

        byte[] bytes = bytesOf(Serializers.STRING, big);

        assertThat(bytes).hasSize(4 + 84_000);
        assertThat(bytes).isEqualTo(expected.toByteArray());
        assertThat(read(Serializers.STRING, bytes)).isEqualTo(big);
    }

    @Test
    void shouldRoundTripALongAsciiStringAndALongLatin1String() throws IOException {
        String ascii = "0123456789abcdef".repeat(5_000);
        String latin1 = "ñandú ".repeat(20_000);

        assertThat(bytesOf(Serializers.STRING, ascii)).hasSize(4 + 80_000);
        assertThat(roundTrip(Serializers.STRING, ascii)).isEqualTo(ascii);
        assertThat(bytesOf(Serializers.STRING, latin1)).hasSize(4 + 8 * 20_000);
        assertThat(roundTrip(Serializers.STRING, latin1)).isEqualTo(latin1);
    }

    @Test
    void shouldWriteTheSameBytesAsUtf8ForEveryLengthAndMixOfOneTwoAndThreeByteChars() throws IOException {
        // the writer packs bytes eight at a time: every remainder, and chars split across two packs
        String[] alphabets = {"a", "é", "€", "aé", "a€", "é€", "aé€", "ab€", "€€a", "日本語ab"};
        for (String alphabet : alphabets) {
            for (int length = 0; length <= 27; length++) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    b.append(alphabet.charAt(i % alphabet.length()));
                }
                String v = b.toString();
                byte[] utf8 = v.getBytes(StandardCharsets.UTF_8); // no surrogates here: CESU-8 is UTF-8
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.write(new byte[] {0, 0, (byte) (utf8.length >> 8), (byte) utf8.length});
                expected.write(utf8);

                byte[] bytes = bytesOf(Serializers.STRING, v);

                assertThat(bytes).as("'%s'", v).isEqualTo(expected.toByteArray());
                assertThat(read(Serializers.STRING, bytes)).isEqualTo(v);
            }
        }
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xFF;
        }
        return ints;
    }
}
