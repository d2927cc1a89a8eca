package dev.streamlake.udfs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void acceptsEmptyAndAscii() {
        assertThat(Utf8.firstInvalidByte(new byte[0])).isEqualTo(-1);
        assertThat(Utf8.firstInvalidByte("{\"a\":1}".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(-1);
    }

    @Test
    void acceptsTwoThreeAndFourByteSequences() {
        // é, €, 😀, and the edges: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000,
        // U+10FFFF
        String text = "é€😀\u0080\u07FF\u0800\uD7FF\uE000\uFFFF\uD800\uDC00\uDBFF\uDFFF";
        assertThat(Utf8.firstInvalidByte(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void reportsTruncatedSequenceAtItsLeadByte() {
        assertThat(Utf8.firstInvalidByte(bytes('a', 0xC3))).isEqualTo(1);
        assertThat(Utf8.firstInvalidByte(bytes('a', 'b', 0xE2, 0x82))).isEqualTo(2);
        assertThat(Utf8.firstInvalidByte(bytes(0xF0, 0x9F, 0x98))).isEqualTo(0);
        assertThat(Utf8.firstInvalidByte(bytes(0xC3, 'x'))).isEqualTo(0); // tail replaced by ASCII
    }

    @Test
    void rejectsOverlongSlash() {
        assertThat(Utf8.firstInvalidByte(bytes('a', 0xC0, 0xAF))).isEqualTo(1);
        assertThat(Utf8.firstInvalidByte(bytes(0xC1, 0xBF))).isEqualTo(0);
        assertThat(Utf8.firstInvalidByte(bytes('a', 'b', 0xE0, 0x80, 0xAF))).isEqualTo(2);
        assertThat(Utf8.firstInvalidByte(bytes(0xF0, 0x80, 0x80, 0xAF))).isEqualTo(0);
    }

    @Test
    void rejectsEncodedSurrogates() {
        assertThat(Utf8.firstInvalidByte(bytes(0xED, 0xA0, 0x80))).isEqualTo(0); // U+D800
        assertThat(Utf8.firstInvalidByte(bytes('x', 0xED, 0xBF, 0xBF))).isEqualTo(1); // U+DFFF
    }

    @Test
    void rejectsCodePointsAboveU10FFFF() {
        assertThat(Utf8.firstInvalidByte(bytes(0xF4, 0x90, 0x80, 0x80))).isEqualTo(0); // U+110000
        assertThat(Utf8.firstInvalidByte(bytes(0xF5, 0x80, 0x80, 0x80))).isEqualTo(0);
        assertThat(Utf8.firstInvalidByte(bytes(0xFF))).isEqualTo(0);
    }

    @Test
    void rejectsLoneContinuationByte() {
        assertThat(Utf8.firstInvalidByte(bytes('a', 0x80, 'b'))).isEqualTo(1);
        assertThat(Utf8.firstInvalidByte(bytes(0xC3, 0xA9, 0xBF)))
                .isEqualTo(2); // é then a stray tail
    }

    @Test
    void agreesWithTheJdkStrictDecoderOnRandomBytes() {
        Random random = new Random(3629);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[1 + random.nextInt(8)];
            for (int k = 0; k < b.length; k++) {
                // Mostly high bytes, where the interesting cases are.
                b[k] =
                        (byte)
                                (random.nextInt(4) == 0
                                        ? random.nextInt(0x80)
                                        : 0x80 + random.nextInt(0x80));
            }
            assertThat(Utf8.firstInvalidByte(b) < 0)
                    .as("%s", java.util.Arrays.toString(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void findsASurrogateEscapeAtEveryAlignmentOfTheEightByteLoop() {
        for (int at = 1; at < 24; at++) {
            String text = "x".repeat(at) + "\\ud800" + "y".repeat(24 - at);
            Utf8.Problem p = Utf8.check(text.getBytes(StandardCharsets.US_ASCII));

            assertThat(p).as("at %d", at).isNotNull();
            assertThat(p.rule).isEqualTo(Utf8.Rule.UNICODE_ESCAPES);
            assertThat(p.offset).isEqualTo(at);
            assertThat(p.what)
                    .isEqualTo(
                            "lone high surrogate \\uD800 at byte "
                                    + at
                                    + " (not followed by an escaped low surrogate)");
        }
    }

    @Test
    void passesPairsEscapedBackslashesAndOtherEscapesAtEveryAlignment() {
        for (int at = 1; at < 24; at++) {
            String pad = "x".repeat(at);
            for (String ok :
                    new String[] {
                        "\\ud83d\\ude00", "\\\\ud800", "\\\"\\u0041\\n", "\\uFFFF\\u0000"
                    }) {
                assertThat(Utf8.check((pad + ok + pad).getBytes(StandardCharsets.US_ASCII)))
                        .as("%s at %d", ok, at)
                        .isNull();
            }
        }
    }

    @Test
    void checksUtf8AfterABackslash() {
        // A backslash before a multi-byte sequence skips only itself: the sequence is still
        // checked.
        assertThat(Utf8.check(bytes('\\', 0xC3, 0xA9))).isNull();
        assertThat(Utf8.check(bytes('\\', 0xC3, 'x')).offset).isEqualTo(1);
        assertThat(Utf8.check(bytes('\\', 0xC3, 'x')).rule).isEqualTo(Utf8.Rule.UTF8);
    }

    @Test
    void findsLoneSurrogatesInJavaStrings() {
        assertThat(Utf8.firstLoneSurrogate("abc😀")).isEqualTo(-1);
        assertThat(Utf8.firstLoneSurrogate("ab\ud800c")).isEqualTo(2);
        assertThat(Utf8.firstLoneSurrogate("😀\udc00")).isEqualTo(2);
        assertThat(Utf8.firstLoneSurrogate("\ud800")).isEqualTo(0);
        assertThat(Utf8.firstLoneSurrogate("\udc00\ud800")).isEqualTo(0);
        assertThat(Utf8.printable("a\ud800😀\udc00")).isEqualTo("a\\uD800😀\\uDC00");
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
