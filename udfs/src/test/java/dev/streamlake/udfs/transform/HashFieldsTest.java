package dev.streamlake.udfs.transform;

import static dev.streamlake.udfs.transform.Rows.SENSORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class HashFieldsTest {

    @Test
    void replacesValueWithItsHexSha256() {
        Row row = Rows.of("owner_email", "abc", "device_id", "dev-0001");

        new HashFields(SENSORS, List.of("owner_email")).apply(row);

        // FIPS 180-2, appendix B.1
        assertThat(Rows.get(row, "owner_email"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Rows.get(row, "device_id")).isEqualTo("dev-0001");
    }

    @Test
    void hashesTheEmptyString() {
        assertThat(new HashFields(SENSORS, List.of("owner_email")).hash(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hashesUtf8BytesOfTheValue() {
        HashFields h = new HashFields(SENSORS, List.of("owner_email"));
        for (String s : new String[] {"é", "zoë😀@example.com", "owner1@example.com"}) {
            assertThat(h.hash(s)).as(s).isEqualTo(sha256Hex(s));
        }
    }

    @Test
    void sameValueGivesSameHashAcrossRowsAndInstances() {
        HashFields a = new HashFields(SENSORS, List.of("owner_email"));
        HashFields b = new HashFields(SENSORS, List.of("owner_email"));
        Row r1 = Rows.of("owner_email", "owner7@example.com");
        Row r2 = Rows.of("owner_email", "owner7@example.com");
        Row r3 = Rows.of("owner_email", "owner8@example.com");

        a.apply(r1);
        b.apply(r2);
        a.apply(r3);

        assertThat(Rows.get(r1, "owner_email")).isEqualTo(Rows.get(r2, "owner_email"));
        assertThat(Rows.get(r3, "owner_email")).isNotEqualTo(Rows.get(r1, "owner_email"));
    }

    @Test
    void leavesNullsAlone() {
        Row row = Rows.of();
        new HashFields(SENSORS, List.of("owner_email")).apply(row);
        assertThat(Rows.get(row, "owner_email")).isNull();
    }

    @Test
    void worksAfterJavaSerialization() throws Exception {
        HashFields original = new HashFields(SENSORS, List.of("owner_email"));
        original.apply(Rows.of("owner_email", "x")); // creates the transient digest
        HashFields copy = InstantiationUtil.clone(original);
        Row row = Rows.of("owner_email", "abc");

        copy.apply(row);

        assertThat(Rows.get(row, "owner_email"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void rejectsNonStringColumnSayingWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HashFields(SENSORS, List.of("seq")))
                .withMessageStartingWith("column 'seq' is bigint");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HashFields(SENSORS, List.of("nope")))
                .withMessage("no column named 'nope'");
    }

    private static String sha256Hex(String s) {
        try {
            byte[] d =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (byte x : d) b.append(String.format("%02x", x));
            return b.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
