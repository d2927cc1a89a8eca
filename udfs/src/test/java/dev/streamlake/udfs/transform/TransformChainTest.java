package dev.streamlake.udfs.transform;

import static dev.streamlake.udfs.transform.Rows.SENSORS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.TransformResult.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class TransformChainTest {
    private final List<String> calls = new ArrayList<>();

    /** Records that it ran, then answers with a fixed outcome. */
    private RecordTransform step(String name, Outcome outcome) {
        return new RecordTransform() {
            @Override
            public void open(TableSchema schema) {
                calls.add("open " + name);
            }

            @Override
            public TransformResult apply(Row row) {
                calls.add(name);
                switch (outcome) {
                    case DROPPED:
                        return TransformResult.dropped();
                    case FAILED:
                        return TransformResult.failed(name + " said no");
                    default:
                        row.setField(
                                SENSORS.indexOf("status"), Rows.get(row, "status") + "+" + name);
                        return TransformResult.ok(row);
                }
            }
        };
    }

    @Test
    void emptyChainPassesRowThrough() {
        Row row = Rows.of("status", "OK");
        TransformResult r = new TransformChain(List.of()).apply(row);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.row()).isSameAs(row);
    }

    @Test
    void runsStepsInOrderOnTheSameRow() {
        TransformChain chain =
                new TransformChain(List.of(step("a", Outcome.OK), step("b", Outcome.OK)));

        TransformResult r = chain.apply(Rows.of("status", "OK"));

        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(Rows.get(r.row(), "status")).isEqualTo("OK+a+b");
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void stopsAtFirstDropped() {
        TransformChain chain =
                new TransformChain(
                        List.of(
                                step("a", Outcome.OK),
                                step("b", Outcome.DROPPED),
                                step("c", Outcome.FAILED)));

        TransformResult r = chain.apply(Rows.of("status", "OK"));

        assertThat(r.outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(calls).containsExactly("a", "b");
    }

    @Test
    void stopsAtFirstFailedWithItsReason() {
        TransformChain chain =
                new TransformChain(List.of(step("a", Outcome.FAILED), step("b", Outcome.DROPPED)));

        TransformResult r = chain.apply(Rows.of("status", "OK"));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).isEqualTo("a said no");
        assertThat(r.row()).isNull();
        assertThat(calls).containsExactly("a");
    }

    @Test
    void opensEveryStep() {
        TransformChain chain =
                new TransformChain(List.of(step("a", Outcome.OK), step("b", Outcome.OK)));
        chain.open(SENSORS);
        assertThat(calls).containsExactly("open a", "open b");
        assertThat(chain.size()).isEqualTo(2);
    }

    static final class Throwing implements RecordTransform {
        @Override
        public TransformResult apply(Row row) {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void aStepThatThrowsFailsTheRecordNamingTheStep() {
        TransformResult r =
                new TransformChain(List.of(step("a", Outcome.OK), new Throwing()))
                        .apply(Rows.of("status", "OK"));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains(Throwing.class.getName()).contains("boom");
    }
}
