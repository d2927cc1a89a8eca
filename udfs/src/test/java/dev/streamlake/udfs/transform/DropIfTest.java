package dev.streamlake.udfs.transform;

import static dev.streamlake.udfs.transform.Rows.SENSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.udfs.transform.TransformResult.Outcome;
import java.time.Instant;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DropIfTest {

    private static Outcome outcome(String condition, Row row) {
        return new DropIf(SENSORS, condition).apply(row).outcome();
    }

    @Test
    void dropsMatchingStringEquality() {
        assertThat(outcome("status == 'TEST'", Rows.of("status", "TEST")))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("status == 'TEST'", Rows.of("status", "OK"))).isEqualTo(Outcome.OK);
    }

    @Test
    void keepsTheSameRowWhenNotDropping() {
        Row row = Rows.of("status", "OK");
        TransformResult r = new DropIf(SENSORS, "status == 'TEST'").apply(row);
        assertThat(r.row()).isSameAs(row);
    }

    @ParameterizedTest(name = "battery_mv {0} 3000 with {1} -> {2}")
    @CsvSource({
        "==, 3000, DROPPED", "==, 3001, OK",
        "!=, 3001, DROPPED", "!=, 3000, OK",
        "<,  2999, DROPPED", "<,  3000, OK",
        "<=, 3000, DROPPED", "<=, 3001, OK",
        ">,  3001, DROPPED", ">,  3000, OK",
        ">=, 3000, DROPPED", ">=, 2999, OK"
    })
    void comparesIntsWithEveryOperator(String op, int value, Outcome expected) {
        assertThat(outcome("battery_mv " + op + " 3000", Rows.of("battery_mv", value)))
                .isEqualTo(expected);
    }

    @Test
    void comparesDoublesBigintsAndBooleans() {
        assertThat(outcome("temperature >= 99.5", Rows.of("temperature", 99.5)))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("temperature >= 99.5", Rows.of("temperature", 99.4)))
                .isEqualTo(Outcome.OK);
        assertThat(outcome("temperature < -40", Rows.of("temperature", -41.0)))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("seq > 9007199254740992", Rows.of("seq", 9007199254740993L)))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("online == false", Rows.of("online", false))).isEqualTo(Outcome.DROPPED);
        assertThat(outcome("online == false", Rows.of("online", true))).isEqualTo(Outcome.OK);
    }

    @Test
    void comparesTimestampsWithQuotedIso() {
        long t = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();
        assertThat(outcome("event_time < '2026-11-27T10:00:00Z'", Rows.of("event_time", t - 1)))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("event_time < '2026-11-27T10:00:00Z'", Rows.of("event_time", t)))
                .isEqualTo(Outcome.OK);
    }

    @Test
    void comparesStringsLexicographically() {
        assertThat(outcome("device_id < 'dev-0100'", Rows.of("device_id", "dev-0099")))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("device_id < 'dev-0100'", Rows.of("device_id", "dev-0100")))
                .isEqualTo(Outcome.OK);
    }

    @ParameterizedTest(name = "battery_mv={0} temperature={1} status={2} -> {3}")
    @CsvSource({
        "-1, 20.0,   OK,   DROPPED",
        "1,  1000.0, OK,   DROPPED",
        "1,  20.0,   TEST, DROPPED",
        "1,  20.0,   OK,   OK"
    })
    void dropsWhenAnyOrBranchMatches(
            int batteryMv, double temperature, String status, Outcome expected) {
        String condition = "battery_mv < 0 or temperature >= 1000 OR status == 'TEST'";
        Row row = Rows.of("battery_mv", batteryMv, "temperature", temperature, "status", status);

        assertThat(outcome(condition, row)).isEqualTo(expected);
    }

    @Test
    void comparisonWithNullIsFalseForEveryOperator() {
        for (String op : new String[] {"==", "!=", "<", "<=", ">", ">="}) {
            assertThat(outcome("temperature " + op + " 0", Rows.of())).as(op).isEqualTo(Outcome.OK);
        }
    }

    @Test
    void testsForNullAndNotNull() {
        assertThat(outcome("owner_email is null", Rows.of())).isEqualTo(Outcome.DROPPED);
        assertThat(outcome("owner_email is null", Rows.of("owner_email", "a@b.c")))
                .isEqualTo(Outcome.OK);
        assertThat(outcome("owner_email IS NOT NULL", Rows.of("owner_email", "a@b.c")))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("owner_email is not null", Rows.of())).isEqualTo(Outcome.OK);
    }

    @Test
    void rejectsUnknownColumnSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DropIf(SENSORS, "battery < 0"))
                .withMessage("no column named 'battery'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DropIf(SENSORS, "firmware is null"))
                .withMessage("no column named 'firmware'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"status = 'TEST'", "status", "== 'TEST'", "status == ", "", "status ~ 'x'"})
    void rejectsUnreadableConditionSayingWhatIsWrong(String condition) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DropIf(SENSORS, condition))
                .withMessageMatching(
                        "cannot read '.*'; expected .*|  is not a string literal for column 'status'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "status == TEST | string",
                "battery_mv < '3000' | int",
                "battery_mv < 3000.5 | int",
                "battery_mv < 3000000000 | int",
                "seq > 1.5 | bigint",
                "temperature > 'hot' | double",
                "online == yes | boolean",
                "event_time < 2026-11-27 | timestamp",
                "event_time < 'soon' | timestamp"
            })
    void rejectsLiteralOfWrongTypeNamingTheColumn(String condition, String type) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DropIf(SENSORS, condition))
                .withMessageEndingWith(
                        " is not a "
                                + type
                                + " literal for column '"
                                + condition.split(" ")[0]
                                + "'");
    }

    @Test
    void describesItself() {
        assertThat(new DropIf(SENSORS, "status == 'TEST'")).hasToString("drop if status == 'TEST'");
    }

    @Test
    void anOrInsideAQuotedLiteralIsPartOfTheLiteral() {
        assertThat(DropIf.splitOnOr("status == 'for or against' or battery_mv < 0"))
                .containsExactly("status == 'for or against'", "battery_mv < 0");
        assertThat(outcome("status == 'for or against'", Rows.of("status", "for or against")))
                .isEqualTo(Outcome.DROPPED);
        assertThat(outcome("status == 'for or against'", Rows.of("status", "for")))
                .isEqualTo(Outcome.OK);
        assertThat(outcome("status == 'x' OR status == 'y'", Rows.of("status", "y")))
                .isEqualTo(Outcome.DROPPED);
    }
}
