package dev.streamlake.udfs.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KplEscapeTest {
    private static final byte[] MAGIC = KplAggregate.magic();

    @Property(tries = 5000)
    void everyByteSequenceRoundTripsAndNoEscapedRecordStartsWithTheMagic(
            @ForAll("tricky") byte[] data) {
        byte[] escaped = KplEscape.escape(data);

        assertThat(KplEscape.unescape(escaped)).containsExactly(data);
        assertThat(KplAggregate.hasMagic(escaped)).isFalse();
        if (escaped != data) {
            assertThat(escaped.length).isEqualTo(data.length + 1);
            assertThat(escaped[0]).isEqualTo(KplEscape.ESCAPE);
        } else {
            assertThat(data.length == 0 || data[0] != KplEscape.ESCAPE)
                    .as("unescaped records never start with the escape")
                    .isTrue();
        }
    }

    @Property(tries = 2000)
    void theBufferFormAgreesWithTheArrayFormAndLeavesTheBufferAlone(
            @ForAll("tricky") byte[] data, @ForAll @Size(max = 3) byte[] before) {
        byte[] backing = new byte[before.length + data.length];
        System.arraycopy(before, 0, backing, 0, before.length);
        System.arraycopy(data, 0, backing, before.length, data.length);
        ByteBuffer buffer = ByteBuffer.wrap(backing, before.length, data.length);

        boolean needs = KplEscape.needsEscape(buffer);

        assertThat(needs).isEqualTo(KplEscape.escape(data) != data);
        if (needs) assertThat(KplEscape.escaped(buffer)).containsExactly(KplEscape.escape(data));
        assertThat(buffer.position()).isEqualTo(before.length);
        assertThat(buffer.remaining()).isEqualTo(data.length);
    }

    /** Random bytes, weighted towards the magic, its prefixes and the escape byte at the start. */
    @Provide
    Arbitrary<byte[]> tricky() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> prefix =
                Arbitraries.of(
                        new byte[0],
                        MAGIC,
                        new byte[] {MAGIC[0], MAGIC[1], MAGIC[2]},
                        new byte[] {KplEscape.ESCAPE},
                        new byte[] {KplEscape.ESCAPE, KplEscape.ESCAPE},
                        new byte[] {KplEscape.ESCAPE, MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3]});
        return Arbitraries.oneOf(
                random,
                net.jqwik.api.Combinators.combine(prefix, random)
                        .as(
                                (p, r) -> {
                                    byte[] out = new byte[p.length + r.length];
                                    System.arraycopy(p, 0, out, 0, p.length);
                                    System.arraycopy(r, 0, out, p.length, r.length);
                                    return out;
                                }));
    }

    @Test
    void plainRecordsAreTheSameArrayNotACopy() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(KplEscape.escape(json)).isSameAs(json);
        assertThat(KplEscape.unescape(json)).isSameAs(json);
    }

    @Test
    void aggregatesAndRecordsStartingWithTheEscapeAreEscaped() {
        byte[] agg = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 1, 2};
        assertThat(KplEscape.escape(agg)).containsExactly(0xFF, 0xF3, 0x89, 0x9A, 0xC2, 1, 2);
        assertThat(KplEscape.escape(new byte[] {(byte) 0xFF})).containsExactly(0xFF, 0xFF);
        byte[] shortPrefix = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A};
        assertThat(KplEscape.escape(shortPrefix)).isSameAs(shortPrefix);
    }
}
