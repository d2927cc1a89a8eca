package dev.streamlake.udfs.record;

import static dev.streamlake.udfs.record.Proto.aggregate;
import static dev.streamlake.udfs.record.Proto.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.KplAggregate.Unpacked;
import dev.streamlake.udfs.record.KplAggregate.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KplAggregateTest {
    private static final String MAX_HASH_KEY =
            BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).toString();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<UserRecord> records(byte[] aggregate) {
        Unpacked u = KplAggregate.unpack(aggregate);
        assertThat(u.isNotAnAggregate()).as("%s", u).isFalse();
        assertThat(u.isMalformed()).as("%s", u).isFalse();
        return u.records();
    }

    // --- valid aggregates ---------------------------------------------------------------------

    @Test
    void unpacksUserRecordsInOrderWithTheirPartitionKeys() {
        byte[] agg =
                aggregate(
                        new Proto()
                                .string(1, "dev-1")
                                .string(1, "dev-2")
                                .message(3, record(0, "{\"a\":1}"))
                                .message(3, record(1, "{\"a\":2}"))
                                .message(3, record(0, "{\"a\":3}")));

        List<UserRecord> r = records(agg);

        assertThat(r)
                .extracting(UserRecord::partitionKey)
                .containsExactly("dev-1", "dev-2", "dev-1");
        assertThat(r)
                .extracting(u -> new String(u.data(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}");
        assertThat(r).extracting(UserRecord::explicitHashKey).containsOnlyNulls();
    }

    @Test
    void keepsExplicitHashKeysTagsAndEmptyDataAndReadsTablesWrittenAfterTheRecords() {
        byte[] binary = {0, (byte) 0xFF, (byte) 0xF3, 0x10};
        Proto withTags =
                record(1, 1, binary)
                        .message(4, new Proto().string(1, "k").string(2, "v"))
                        .message(4, new Proto().string(1, "only-key"));
        byte[] agg =
                aggregate(
                        new Proto()
                                .message(3, record(0, 0, new byte[0]))
                                .message(3, withTags)
                                .string(1, "p-0")
                                .string(2, "0")
                                .string(1, "p-1")
                                .string(2, MAX_HASH_KEY));

        List<UserRecord> r = records(agg);

        assertThat(r).hasSize(2);
        assertThat(r.get(0).partitionKey()).isEqualTo("p-0");
        assertThat(r.get(0).explicitHashKey()).isEqualTo("0");
        assertThat(r.get(0).data()).isEmpty();
        assertThat(r.get(1).partitionKey()).isEqualTo("p-1");
        assertThat(r.get(1).explicitHashKey()).isEqualTo(MAX_HASH_KEY);
        assertThat(r.get(1).data()).containsExactly(binary);
    }

    @Test
    void skipsUnknownFieldsOfEveryWireTypeAsProtobufDoes() {
        Proto unknowns =
                new Proto()
                        .varint(9, 300)
                        .tag(10, 1)
                        .raw(1, 2, 3, 4, 5, 6, 7, 8)
                        .string(11, "ignored")
                        .tag(12, 5)
                        .raw(1, 2, 3, 4)
                        .tag(13, 3)
                        .varint(1, 5)
                        .tag(14, 3)
                        .string(2, "x")
                        .tag(14, 4)
                        .tag(13, 4); // nested groups
        byte[] rec =
                new Proto()
                        .raw(unknowns.toBytes())
                        .raw(record(0, "x").toBytes())
                        .raw(unknowns.toBytes())
                        .toBytes();
        byte[] agg =
                aggregate(
                        new Proto()
                                .raw(unknowns.toBytes())
                                .string(1, "k")
                                .bytes(3, rec)
                                .raw(unknowns.toBytes()));

        assertThat(records(agg))
                .singleElement()
                .satisfies(
                        u -> {
                            assertThat(u.partitionKey()).isEqualTo("k");
                            assertThat(u.data()).containsExactly('x');
                        });
    }

    @Test
    void aRepeatedSingularFieldKeepsItsLastValue() {
        byte[] agg =
                aggregate(
                        new Proto()
                                .string(1, "a")
                                .string(1, "b")
                                .message(
                                        3,
                                        new Proto()
                                                .varint(1, 0)
                                                .bytes(3, utf8("first"))
                                                .varint(1, 1)
                                                .bytes(3, utf8("last"))));

        assertThat(records(agg))
                .singleElement()
                .satisfies(
                        u -> {
                            assertThat(u.partitionKey()).isEqualTo("b");
                            assertThat(new String(u.data(), StandardCharsets.UTF_8))
                                    .isEqualTo("last");
                        });
    }

    @Test
    void userRecordsOwnTheirBytes() {
        byte[] agg = aggregate(new Proto().string(1, "k").message(3, record(0, "abc")));
        UserRecord r = records(agg).get(0);
        Arrays.fill(agg, (byte) 0);
        assertThat(r.data()).containsExactly('a', 'b', 'c');
    }

    // --- not aggregates -----------------------------------------------------------------------

    @Test
    void recordsWithoutTheMagicAreNotAggregates() {
        for (byte[] plain :
                new byte[][] {
                    utf8("{\"a\":1}"),
                    new byte[0],
                    {(byte) 0xF3, (byte) 0x89, (byte) 0x9A},
                    {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, 0x00, 1},
                    {(byte) 0xFF, (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2}
                }) {
            Unpacked u = KplAggregate.unpack(plain);
            assertThat(u.isNotAnAggregate()).as(Arrays.toString(plain)).isTrue();
            assertThat(u.isMalformed()).isFalse();
            assertThat(u.records()).isEmpty();
        }
        assertThat(KplAggregate.unpack(null).isNotAnAggregate()).isTrue();
    }

    // --- malformed ----------------------------------------------------------------------------

    static List<Arguments> malformed() {
        byte[] pk = new Proto().string(1, "k").toBytes();
        byte[] good = new Proto().raw(pk).message(3, record(0, "x")).toBytes();
        byte[] badMd5 = aggregate(good);
        badMd5[badMd5.length - 1] ^= 1;
        byte[] truncated = aggregate(good);
        truncated = Arrays.copyOf(truncated, truncated.length - 1);
        byte[] group101 = new byte[0];
        Proto deep = new Proto().raw(pk).message(3, record(0, "x"));
        for (int i = 0; i < 101; i++) deep.tag(20, 3);
        for (int i = 0; i < 101; i++) deep.tag(20, 4);
        group101 = deep.toBytes();
        return List.of(
                Arguments.of("magic only", KplAggregate.magic(), "too short"),
                Arguments.of(
                        "magic and less than an MD5",
                        new Proto().raw(KplAggregate.magic()).raw(new byte[15]).toBytes(),
                        "too short"),
                Arguments.of("bad MD5", badMd5, "MD5"),
                Arguments.of("truncated (MD5 no longer matches)", truncated, "MD5"),
                Arguments.of("empty protobuf", aggregate(new byte[0]), "no user records"),
                Arguments.of(
                        "tables but no records",
                        aggregate(new Proto().string(1, "k").string(2, "1")),
                        "no user records"),
                Arguments.of(
                        "truncated varint",
                        aggregate(new Proto().raw(pk).raw(0x1A, 0x80)),
                        "varint runs past the end"),
                Arguments.of(
                        "varint of 11 bytes",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .raw(
                                                0x48, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                0xFF, 0xFF, 0xFF, 0x01)),
                        "longer than 64 bits"),
                Arguments.of(
                        "10-byte varint over 64 bits",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(
                                                3,
                                                new Proto()
                                                        .raw(
                                                                0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                                0xFF, 0xFF, 0xFF, 0xFF, 0x02)
                                                        .bytes(3, utf8("x")))),
                        "longer than 64 bits"),
                Arguments.of(
                        "length past the end",
                        aggregate(new Proto().raw(pk).tag(3, 2).rawVarint(50).raw(1, 2, 3)),
                        "runs past the end"),
                Arguments.of(
                        "length over 2^31",
                        aggregate(new Proto().raw(pk).tag(3, 2).rawVarint(1L << 40)),
                        "runs past the end"),
                Arguments.of(
                        "data length past the record",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(
                                                3,
                                                new Proto()
                                                        .varint(1, 0)
                                                        .tag(3, 2)
                                                        .rawVarint(9)
                                                        .raw('x'))),
                        "records[0].data: length 9 runs past the end"),
                Arguments.of(
                        "fixed64 past the end",
                        aggregate(
                                new Proto().raw(pk).message(3, record(0, "x")).tag(9, 1).raw(1, 2)),
                        "runs past the end"),
                Arguments.of(
                        "fixed32 past the end",
                        aggregate(new Proto().raw(pk).message(3, record(0, "x")).tag(9, 5).raw(1)),
                        "runs past the end"),
                Arguments.of(
                        "known field, wrong wire type",
                        aggregate(new Proto().varint(1, 7).message(3, record(0, "x"))),
                        "partition_key_table has wire type 0"),
                Arguments.of(
                        "record field, wrong wire type",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(
                                                3, new Proto().string(1, "0").bytes(3, utf8("x")))),
                        "records[0].partition_key_index has wire type 2"),
                Arguments.of(
                        "partition key index out of range",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(3, record(0, "x"))
                                        .message(3, record(1, "y"))),
                        "records[1].partition_key_index 1 is outside the partition key table (1 keys)"),
                Arguments.of(
                        "partition key index 2^64-1",
                        aggregate(new Proto().raw(pk).message(3, record(-1L, "x"))),
                        "partition_key_index 18446744073709551615 is outside"),
                Arguments.of(
                        "partition key table empty",
                        aggregate(new Proto().message(3, record(0, "x"))),
                        "outside the partition key table (0 keys)"),
                Arguments.of(
                        "explicit hash key index out of range",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .string(2, "5")
                                        .message(3, record(0, 1, utf8("x")))),
                        "explicit_hash_key_index 1 is outside the explicit hash key table (1 keys)"),
                Arguments.of(
                        "explicit hash key index without a table",
                        aggregate(new Proto().raw(pk).message(3, record(0, 0, utf8("x")))),
                        "explicit hash key table (0 keys)"),
                Arguments.of(
                        "no partition key index",
                        aggregate(new Proto().raw(pk).message(3, new Proto().bytes(3, utf8("x")))),
                        "records[0] has no partition_key_index"),
                Arguments.of(
                        "no data",
                        aggregate(new Proto().raw(pk).message(3, new Proto().varint(1, 0))),
                        "records[0] has no data"),
                Arguments.of(
                        "partition key not UTF-8",
                        aggregate(
                                new Proto()
                                        .bytes(1, new byte[] {'k', (byte) 0xC0})
                                        .message(3, record(0, "x"))),
                        "partition_key_table[0] is not valid UTF-8"),
                Arguments.of(
                        "explicit hash key not UTF-8",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .bytes(
                                                2,
                                                new byte[] {
                                                    '1', (byte) 0xED, (byte) 0xA0, (byte) 0x80
                                                })
                                        .message(3, record(0, "x"))),
                        "explicit_hash_key_table[0] is not valid UTF-8"),
                Arguments.of(
                        "explicit hash key not a number",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .string(2, "12ab")
                                        .message(3, record(0, 0, utf8("x")))),
                        "explicit_hash_key_table[0] is not a decimal below 2^128: '12ab'"),
                Arguments.of(
                        "explicit hash key negative",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .string(2, "-1")
                                        .message(3, record(0, 0, utf8("x")))),
                        "not a decimal"),
                Arguments.of(
                        "explicit hash key empty",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .string(2, "")
                                        .message(3, record(0, 0, utf8("x")))),
                        "not a decimal"),
                Arguments.of(
                        "explicit hash key 2^128",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .string(2, BigInteger.ONE.shiftLeft(128).toString())
                                        .message(3, record(0, 0, utf8("x")))),
                        "not a decimal below 2^128"),
                Arguments.of(
                        "field number 0",
                        aggregate(new Proto().raw(pk).message(3, record(0, "x")).raw(0x00, 0x00)),
                        "invalid field number 0"),
                Arguments.of(
                        "wire type 6",
                        aggregate(new Proto().raw(pk).message(3, record(0, "x")).tag(9, 6)),
                        "unknown wire type 6"),
                Arguments.of(
                        "wire type 7 in a record",
                        aggregate(new Proto().raw(pk).message(3, record(0, "x").tag(9, 7))),
                        "unknown wire type 7"),
                Arguments.of(
                        "group without an end",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(3, record(0, "x"))
                                        .tag(9, 3)
                                        .varint(1, 1)),
                        "group 9 has no end"),
                Arguments.of(
                        "group ended by another field",
                        aggregate(
                                new Proto().raw(pk).message(3, record(0, "x")).tag(9, 3).tag(8, 4)),
                        "group 9 ended by end-group of field 8"),
                Arguments.of(
                        "end group without a start",
                        aggregate(new Proto().raw(pk).message(3, record(0, "x")).tag(9, 4)),
                        "without a start"),
                Arguments.of(
                        "groups nested too deep", aggregate(group101), "nested deeper than 100"),
                Arguments.of(
                        "tag without a key",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(
                                                3,
                                                record(0, "x")
                                                        .message(4, new Proto().string(2, "v")))),
                        "records[0].tags has no key"),
                Arguments.of(
                        "tag key not UTF-8",
                        aggregate(
                                new Proto()
                                        .raw(pk)
                                        .message(
                                                3,
                                                record(0, "x")
                                                        .message(
                                                                4,
                                                                new Proto()
                                                                        .bytes(
                                                                                1,
                                                                                new byte[] {
                                                                                    (byte) 0xFE
                                                                                })))),
                        "records[0].tags.key is not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedAggregatesAreNamedNeverThrownNorPassedOn(
            String what, byte[] bytes, String reason) {
        Unpacked u = KplAggregate.unpack(bytes);

        assertThat(u.isNotAnAggregate()).as(what).isFalse();
        assertThat(u.isMalformed()).as(what).isTrue();
        assertThat(u.malformedReason()).as(what).contains(reason);
        assertThat(u.records()).isEmpty();
    }

    // --- properties ---------------------------------------------------------------------------

    @Property(tries = 3000)
    void anyBytesAfterTheMagicGiveExactlyOneOutcome(
            @ForAll @Size(max = 300) byte[] body, @ForAll boolean validMd5) {
        byte[] bytes =
                validMd5
                        ? aggregate(body)
                        : new Proto().raw(KplAggregate.magic()).raw(body).toBytes();
        assertOneAggregateOutcome(KplAggregate.unpack(bytes));
    }

    @Property(tries = 3000)
    void anyCorruptionOfAValidAggregateGivesExactlyOneOutcome(
            @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 60) int cut) {
        byte[] body =
                new Proto()
                        .string(1, "dev-1")
                        .string(1, "dev-2")
                        .string(2, "170141183460469231731687303715884105728")
                        .message(
                                3,
                                record(0, 0, utf8("{\"a\":1}"))
                                        .message(4, new Proto().string(1, "t")))
                        .message(3, record(1, "{\"b\":2}"))
                        .toBytes();
        byte[] corrupt = body.clone();
        corrupt[at % corrupt.length] = value;
        corrupt = Arrays.copyOf(corrupt, Math.max(0, corrupt.length - cut));
        Unpacked u =
                KplAggregate.unpack(
                        aggregate(corrupt)); // a valid MD5: the protobuf itself is broken
        assertOneAggregateOutcome(u);
        if (Arrays.equals(corrupt, body)) assertThat(u.records()).hasSize(2);
    }

    private static void assertOneAggregateOutcome(Unpacked u) {
        assertThat(u.isNotAnAggregate()).isFalse();
        if (u.isMalformed()) {
            assertThat(u.malformedReason()).isNotBlank();
            assertThat(u.records()).isEmpty();
        } else {
            assertThat(u.records())
                    .isNotEmpty()
                    .allSatisfy(
                            r -> {
                                assertThat(r.partitionKey()).isNotNull();
                                assertThat(r.data()).isNotNull();
                            });
        }
    }
}
