package dev.streamlake.udfs.transform;

import static dev.streamlake.udfs.transform.Rows.SENSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class MaskFieldsTest {

    @Test
    void masksAllButTheLastFourCharacters() {
        Row row = Rows.of("owner_email", "owner42@example.com", "device_id", "dev-0001");

        TransformResult r = new MaskFields(SENSORS, List.of("owner_email")).apply(row);

        assertThat(r.outcome()).isEqualTo(TransformResult.Outcome.OK);
        assertThat(Rows.get(r.row(), "owner_email")).isEqualTo("***************.com");
        assertThat(Rows.get(r.row(), "device_id")).isEqualTo("dev-0001");
    }

    @Test
    void masksValuesOfEightCharactersOrFewerWhole() {
        // As documented (transform.mask, README Security): keeping the last four of a short
        // value would reveal most of it.
        assertThat(MaskFields.mask("")).isEqualTo("");
        assertThat(MaskFields.mask("1")).isEqualTo("*");
        assertThat(MaskFields.mask("12345")).isEqualTo("*****");
        assertThat(MaskFields.mask("12345678")).isEqualTo("********");
        assertThat(MaskFields.mask("123456789")).isEqualTo("*****6789");
        assertThat(MaskFields.mask("owner@example.com")).isEqualTo("*************.com");
        for (int n = 0; n <= 40; n++) {
            String masked = MaskFields.mask("x".repeat(n));
            assertThat(masked).as("length %d", n).hasSize(n);
            assertThat(masked.chars().filter(c -> c != '*').count())
                    .as("shown of %d", n)
                    .isEqualTo(n > 8 ? 4 : 0);
        }
    }

    @Test
    void masksSeveralColumnsAndLeavesNullsAlone() {
        Row row = Rows.of("owner_email", "owner42@example.com", "reading_id", "r-1");

        new MaskFields(SENSORS, List.of("owner_email", "reading_id", "status")).apply(row);

        assertThat(Rows.get(row, "owner_email")).isEqualTo("***************.com");
        assertThat(Rows.get(row, "reading_id")).isEqualTo("***");
        assertThat(Rows.get(row, "status")).isNull();
    }

    @Test
    void neverSplitsACharacterOutsideTheBasicPlane() {
        // Five ASCII chars, an emoji (two UTF-16 units), then "abc": nine code points.
        String masked = MaskFields.mask("hello😀abc");

        assertThat(masked).isEqualTo("*****😀abc");
        // A lone surrogate would not survive UTF-8 encoding (the lake writes UTF-8).
        byte[] utf8 = masked.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(masked);
        // Emoji alone are masked to one star each.
        assertThat(MaskFields.mask("😀😀😀")).isEqualTo("***");
    }

    @Test
    void rejectsUnknownColumnSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MaskFields(SENSORS, List.of("email")))
                .withMessage("no column named 'email'");
    }

    @Test
    void rejectsNonStringColumnSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MaskFields(SENSORS, List.of("battery_mv")))
                .withMessageStartingWith("column 'battery_mv' is int");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MaskFields(SENSORS, List.of("attributes")))
                .withMessageStartingWith("column 'attributes' is json");
    }
}
