package dev.streamlake.udfs.transform;

import static dev.streamlake.udfs.transform.Rows.SENSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.udfs.transform.TransformResult.Outcome;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class TransformsTest {

    /** A user transform as configured with transform.class. */
    public static final class UpperCaseStatus implements RecordTransform {
        private static final long serialVersionUID = 1L;

        @Override
        public TransformResult apply(Row row) {
            int c = SENSORS.indexOf("status");
            Object v = row.getField(c);
            if (v != null) row.setField(c, ((String) v).toUpperCase());
            return TransformResult.ok(row);
        }
    }

    public static final class NoDefaultConstructor implements RecordTransform {
        private static final long serialVersionUID = 1L;

        public NoDefaultConstructor(String config) {}

        @Override
        public TransformResult apply(Row row) {
            return TransformResult.ok(row);
        }
    }

    @Test
    void buildsEmptyChainWhenNothingIsConfigured() {
        assertThat(Transforms.of(SENSORS, null, List.of(), List.of(), null).size()).isZero();
        assertThat(Transforms.of(SENSORS, "  ", List.of(), List.of(), " ").size()).isZero();
    }

    @Test
    void runsDropBeforeMaskBeforeHashBeforeUserClass() {
        TransformChain chain =
                Transforms.of(
                        SENSORS,
                        "status == 'TEST'",
                        List.of("owner_email"),
                        List.of("reading_id"),
                        " " + UpperCaseStatus.class.getName() + " ");
        assertThat(chain.size()).isEqualTo(4);

        assertThat(chain.apply(Rows.of("status", "TEST")).outcome()).isEqualTo(Outcome.DROPPED);
        Row row =
                Rows.of(
                        "status",
                        "test",
                        "owner_email",
                        "owner42@example.com",
                        "reading_id",
                        "abc");
        TransformResult r = chain.apply(row);

        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        // The user's class ran after the drop: lower-case "test" was not dropped, then upper-cased.
        assertThat(Rows.get(row, "status")).isEqualTo("TEST");
        assertThat(Rows.get(row, "owner_email")).isEqualTo("***************.com");
        assertThat(Rows.get(row, "reading_id"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void instantiatesUserClassByName() {
        assertThat(Transforms.instantiate(UpperCaseStatus.class.getName()))
                .isInstanceOf(UpperCaseStatus.class);
    }

    @Test
    void rejectsUnknownClassSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transforms.instantiate("com.example.Nope"))
                .withMessage("class com.example.Nope not found");
    }

    @Test
    void rejectsClassThatIsNoRecordTransform() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transforms.instantiate("java.lang.String"))
                .withMessage(
                        "java.lang.String does not implement " + RecordTransform.class.getName());
    }

    @Test
    void rejectsClassWithoutPublicNoArgumentConstructor() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transforms.instantiate(NoDefaultConstructor.class.getName()))
                .withMessage(
                        NoDefaultConstructor.class.getName()
                                + " needs a public no-argument constructor");
    }

    @Test
    void rejectsBadDropIfThroughTheFactory() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Transforms.of(SENSORS, "nope == 1", List.of(), List.of(), null))
                .withMessage("no column named 'nope'");
    }
}
