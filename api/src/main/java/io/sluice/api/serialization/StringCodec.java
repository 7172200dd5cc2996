package io.sluice.api.serialization;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The wire form of {@link Serializers#STRING}: an int byte length, then each {@code char} on its own
 * in UTF-8 form (1 byte below U+0080, 2 below U+0800, else 3, surrogates included: CESU-8).
 *
 * <p>Writing goes straight to the {@code DataOutput}, with no intermediate array: one pass sizes the
 * string, a second writes it ({@code writeBytes} when every char is ASCII, since its low byte is
 * then its UTF-8). Reading needs one temporary {@code byte[]} of the wire length: every public
 * {@code String} constructor copies what it is made from, so the bytes must land somewhere first.
 * ASCII and Latin-1 text is decoded in that array itself and copied once into the string; only text
 * with a char above U+00FF needs a {@code char[]} as well.
 */
final class StringCodec {

    private StringCodec() {
    }

    static void write(String v, DataOutput out) throws IOException {
        int n = v.length();
        long size = n;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= 0x80) {
                size += c < 0x800 ? 1 : 2;
            }
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("string of " + n + " chars is too long to serialize: " + size + " bytes");
        }
        out.writeInt((int) size);
        if (size == n) {
            out.writeBytes(v); // all ASCII: the low byte of each char, which is its UTF-8
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.writeShort((0xC0 | (c >> 6)) << 8 | (0x80 | (c & 0x3F)));
            } else {
                out.writeShort((0xE0 | (c >> 12)) << 8 | (0x80 | ((c >> 6) & 0x3F)));
                out.write(0x80 | (c & 0x3F));
            }
        }
    }

    static String read(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("malformed string: negative byte length " + length);
        }
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length]; // the one temporary: see the class comment
        in.readFully(bytes);
        int p = 0;
        while (p < length && bytes[p] >= 0) {
            p++;
        }
        if (p == length) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
        return decodeLatin1InPlace(bytes, p);
    }

    /**
     * Decodes {@code bytes} from {@code p} on, the first {@code p} being ASCII, writing each decoded
     * char back into {@code bytes} as one Latin-1 byte. The write index never passes the read index,
     * so only bytes already decoded are overwritten. Hands over to {@link #decodeWide} at the first
     * char above U+00FF (or anything it must refuse). The loops are written out, not shared through a
     * per-char method: that call, not inlined, doubled the time of a short string.
     */
    private static String decodeLatin1InPlace(byte[] bytes, int p) throws IOException {
        int length = bytes.length;
        int n = p;
        while (p < length) {
            int b0 = bytes[p] & 0xFF;
            if (b0 < 0x80) {
                bytes[n++] = (byte) b0;
                p++;
            } else if ((b0 & 0xE0) == 0xC0) {
                int c = ((b0 & 0x1F) << 6) | continuation(bytes, p, 1);
                if (c < 0x80) {
                    throw malformed("overlong 2-byte sequence", bytes, p);
                }
                if (c > 0xFF) {
                    return decodeWide(bytes, p, n);
                }
                bytes[n++] = (byte) c;
                p += 2;
            } else {
                return decodeWide(bytes, p, n); // a 3-byte char is above U+07FF; a bad lead byte is refused there
            }
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes into a {@code char[]} sized exactly: the {@code n} Latin-1 chars already in
     * {@code bytes}, then one char per lead (non-continuation) byte from {@code p} on.
     */
    private static String decodeWide(byte[] bytes, int p, int n) throws IOException {
        int length = bytes.length;
        int count = n;
        for (int i = p; i < length; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        char[] chars = new char[count];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) (bytes[i] & 0xFF);
        }
        // each decoded char takes one lead byte and its checked continuation bytes: never more than count
        while (p < length) {
            int b0 = bytes[p] & 0xFF;
            if (b0 < 0x80) {
                chars[n++] = (char) b0;
                p++;
            } else if ((b0 & 0xE0) == 0xC0) {
                int c = ((b0 & 0x1F) << 6) | continuation(bytes, p, 1);
                if (c < 0x80) {
                    throw malformed("overlong 2-byte sequence", bytes, p);
                }
                chars[n++] = (char) c;
                p += 2;
            } else if ((b0 & 0xF0) == 0xE0) {
                int c = ((b0 & 0x0F) << 12) | (continuation(bytes, p, 1) << 6) | continuation(bytes, p, 2);
                if (c < 0x800) {
                    throw malformed("overlong 3-byte sequence", bytes, p);
                }
                chars[n++] = (char) c;
                p += 3;
            } else {
                throw badLead(bytes, p);
            }
        }
        return new String(chars, 0, n);
    }

    /** The low six bits of the {@code k}-th byte after the lead byte at {@code p}, checked. */
    private static int continuation(byte[] bytes, int p, int k) throws IOException {
        if (p + k >= bytes.length) {
            throw truncated(bytes, p);
        }
        int b = bytes[p + k] & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw badContinuation(bytes, p + k);
        }
        return b & 0x3F;
    }

    // the messages are built out of line, keeping the decoding loops small enough to inline and unroll

    private static IOException truncated(byte[] bytes, int at) {
        return malformed("truncated sequence (lead byte 0x" + Integer.toHexString(bytes[at] & 0xFF).toUpperCase()
                + " at the end)", bytes, at);
    }

    private static IOException badContinuation(byte[] bytes, int at) {
        return malformed("bad continuation byte 0x" + Integer.toHexString(bytes[at] & 0xFF).toUpperCase(), bytes, at);
    }

    private static IOException badLead(byte[] bytes, int at) {
        return malformed("bad lead byte 0x" + Integer.toHexString(bytes[at] & 0xFF).toUpperCase(), bytes, at);
    }

    private static IOException malformed(String problem, byte[] bytes, int at) {
        return new IOException("malformed string: " + problem + " at byte " + at + " of " + bytes.length);
    }
}
