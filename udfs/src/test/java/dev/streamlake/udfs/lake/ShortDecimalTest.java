package dev.streamlake.udfs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The fast path must write exactly what the lake's JSON writer (shortest digits) writes. */
class ShortDecimalTest {
    private static final JsonFactory LAKE_WRITER =
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    static String jackson(double v) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = LAKE_WRITER.createGenerator(out)) {
            g.writeNumber(v);
        }
        return out.toString();
    }

    static String fast(double v) {
        char[] buf = new char[ShortDecimal.MAX_LENGTH];
        int n = ShortDecimal.format(v, buf);
        return n < 0 ? null : new String(buf, 0, n);
    }

    @Property(tries = 20000)
    void everyDecimalWithUpToThreePlacesTakesTheFastPathWithTheSameText(
            @ForAll @LongRange(min = 1, max = 9_999_999_999L) long digits,
            @ForAll @IntRange(min = 0, max = 3) int places,
            @ForAll boolean negative)
            throws IOException {
        double v = (negative ? -digits : digits) / Math.pow(10, places);
        if (Math.abs(v) >= 1e7) return;
        String text = fast(v);
        assertThat(text).isEqualTo(jackson(v));
        assertThat(Double.parseDouble(text)).isEqualTo(v);
    }

    @Property(tries = 20000)
    void anyOtherDoubleIsLeftToJacksonOrWrittenTheSame(@ForAll double v) throws IOException {
        String text = fast(v);
        if (text != null) assertThat(text).isEqualTo(jackson(v));
    }

    @Example
    void edges() throws IOException {
        assertThat(fast(22.67)).isEqualTo("22.67");
        assertThat(fast(1009.0)).isEqualTo("1009.0");
        assertThat(fast(-0.5)).isEqualTo("-0.5");
        assertThat(fast(0.001)).isEqualTo("0.001");
        assertThat(fast(9999999.999)).isEqualTo("9999999.999");
        assertThat(fast(0.0005)).isNull(); // written as 5.0E-4
        assertThat(fast(1e7)).isNull(); // written as 1.0E7
        assertThat(fast(0.0)).isNull();
        assertThat(fast(-0.0)).isNull();
        assertThat(fast(Double.NaN)).isNull();
        assertThat(fast(Double.POSITIVE_INFINITY)).isNull();
        assertThat(fast(0.1 + 0.2)).isNull(); // 0.30000000000000004
        assertThat(fast(1.0 / 3)).isNull();
        assertThat(jackson(0.0005)).isEqualTo("5.0E-4");
    }
}
