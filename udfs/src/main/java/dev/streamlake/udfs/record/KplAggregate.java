package dev.streamlake.udfs.record;

import dev.streamlake.udfs.text.Utf8;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A strict reader of the KPL aggregated-record format: the magic bytes {@code F3 89 9A C2}, an
 * {@code AggregatedRecord} protobuf, and the MD5 of that protobuf.
 *
 * <pre>
 * message AggregatedRecord {
 *   repeated string partition_key_table     = 1;
 *   repeated string explicit_hash_key_table = 2;
 *   repeated Record records                 = 3;
 * }
 * message Record {
 *   required uint64 partition_key_index     = 1;
 *   optional uint64 explicit_hash_key_index = 2;
 *   required bytes  data                    = 3;
 *   repeated Tag    tags                    = 4;
 * }
 * message Tag { required string key = 1; optional string value = 2; }
 * </pre>
 *
 * <p>The wire format is read here, by hand, so that no input can make it throw: {@link #unpack}
 * returns one of three outcomes for any bytes. Unlike the KCL's {@code UserRecord.deaggregate} it
 * never filters user records by the shard's hash-key range (producers such as npm {@code
 * aws-kinesis-agg} mix keys of every shard in one aggregate), never passes a record with the magic
 * but a bad checksum on as if it were plain data, and never throws on a broken protobuf.
 *
 * <p>Strict where the KPL is unambiguous: truncated or overlong varints, lengths past the end, a
 * known field with the wrong wire type, a missing required field, an index outside its table, an
 * explicit hash key that is not a decimal below 2<sup>128</sup>, keys that are not valid UTF-8, and
 * an aggregate without user records (nothing may vanish without a trace) are all malformed. Unknown
 * fields are skipped as protobuf says (groups included); a repeated singular field keeps its last
 * value, as protobuf says.
 */
public final class KplAggregate {
    /** The first four bytes of every KPL aggregate. */
    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private static final int MD5_BYTES = 16;
    private static final BigInteger HASH_KEY_LIMIT = BigInteger.ONE.shiftLeft(128);

    /** Protobuf's own default nesting limit for skipping groups. */
    private static final int MAX_GROUP_DEPTH = 100;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;

    private KplAggregate() {}

    /** Whether the bytes start with the KPL magic, i.e. claim to be an aggregate. */
    public static boolean hasMagic(byte[] data) {
        if (data == null || data.length < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) return false;
        }
        return true;
    }

    /** The magic bytes, a copy. */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    /** Unpacks one Kinesis record; never throws. */
    public static Unpacked unpack(byte[] data) {
        if (!hasMagic(data)) return Unpacked.NOT_AN_AGGREGATE;
        if (data.length < MAGIC.length + MD5_BYTES) {
            return Unpacked.malformed(
                    "too short for an aggregate: "
                            + data.length
                            + " bytes, need at least "
                            + (MAGIC.length + MD5_BYTES));
        }
        int end = data.length - MD5_BYTES;
        byte[] digest = md5(data, MAGIC.length, end - MAGIC.length);
        if (!Arrays.equals(digest, 0, MD5_BYTES, data, end, data.length)) {
            return Unpacked.malformed("MD5 checksum does not match the protobuf");
        }
        try {
            return new Reader(data, MAGIC.length, end).aggregate();
        } catch (Malformed e) {
            return Unpacked.malformed(e.getMessage());
        }
    }

    private static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, offset, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** One user record of an aggregate. */
    public static final class UserRecord {
        private final String partitionKey;
        private final String explicitHashKey;
        private final byte[] data;

        UserRecord(String partitionKey, String explicitHashKey, byte[] data) {
            this.partitionKey = partitionKey;
            this.explicitHashKey = explicitHashKey;
            this.data = data;
        }

        public String partitionKey() {
            return partitionKey;
        }

        /** The explicit hash key, a decimal; {@code null} when the record has none. */
        public String explicitHashKey() {
            return explicitHashKey;
        }

        /** The user record's bytes; owned by this record. */
        public byte[] data() {
            return data;
        }

        @Override
        public String toString() {
            return "UserRecord{" + partitionKey + ", " + data.length + " bytes}";
        }
    }

    /**
     * What {@link #unpack} found: not an aggregate, its user records, or why it cannot be unpacked.
     */
    public static final class Unpacked {
        static final Unpacked NOT_AN_AGGREGATE = new Unpacked(false, Collections.emptyList(), null);

        private final boolean aggregate;
        private final List<UserRecord> records;
        private final String malformedReason;

        private Unpacked(boolean aggregate, List<UserRecord> records, String malformedReason) {
            this.aggregate = aggregate;
            this.records = records;
            this.malformedReason = malformedReason;
        }

        static Unpacked malformed(String reason) {
            return new Unpacked(true, Collections.emptyList(), reason);
        }

        /** No magic: a plain record, to be used as it is. */
        public boolean isNotAnAggregate() {
            return !aggregate;
        }

        /**
         * The magic is there but the rest is not a valid aggregate: see {@link #malformedReason}.
         */
        public boolean isMalformed() {
            return malformedReason != null;
        }

        /** The user records of a valid aggregate, in order; never empty for a valid one. */
        public List<UserRecord> records() {
            return records;
        }

        /** Why the aggregate is malformed; {@code null} otherwise. */
        public String malformedReason() {
            return malformedReason;
        }

        @Override
        public String toString() {
            if (!aggregate) return "Unpacked{not an aggregate}";
            return isMalformed()
                    ? "Unpacked{malformed: " + malformedReason + "}"
                    : "Unpacked{" + records + "}";
        }
    }

    /** Thrown inside the reader only; never leaves {@link #unpack}. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false); // control flow: no stack trace
        }
    }

    /** A protobuf wire-format reader over {@code data[pos, limit)}. */
    private static final class Reader {
        private final byte[] data;
        private int pos;
        private final int limit;

        Reader(byte[] data, int pos, int limit) {
            this.data = data;
            this.pos = pos;
            this.limit = limit;
        }

        Unpacked aggregate() throws Malformed {
            List<String> partitionKeys = new ArrayList<>();
            List<String> hashKeys = new ArrayList<>();
            List<RawEntry> entries = new ArrayList<>();
            while (pos < limit) {
                long tag = varint("field tag");
                int field = fieldNumber(tag);
                int wire = (int) (tag & 7);
                switch (field) {
                    case 1:
                        expect(wire, LENGTH_DELIMITED, "partition_key_table");
                        partitionKeys.add(
                                string("partition_key_table[" + partitionKeys.size() + "]"));
                        break;
                    case 2:
                        expect(wire, LENGTH_DELIMITED, "explicit_hash_key_table");
                        String hashKey = string("explicit_hash_key_table[" + hashKeys.size() + "]");
                        checkHashKey(hashKey, hashKeys.size());
                        hashKeys.add(hashKey);
                        break;
                    case 3:
                        expect(wire, LENGTH_DELIMITED, "records");
                        int length = length("records[" + entries.size() + "]");
                        entries.add(new Reader(data, pos, pos + length).record(entries.size()));
                        pos += length;
                        break;
                    default:
                        skip(field, wire, 0);
                }
            }
            if (entries.isEmpty()) throw new Malformed("aggregate holds no user records");
            List<UserRecord> records = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                RawEntry e = entries.get(i);
                String partitionKey =
                        tableEntry(
                                partitionKeys,
                                e.partitionKeyIndex,
                                i,
                                "partition_key_index",
                                "partition key");
                String hashKey =
                        e.hasHashKeyIndex
                                ? tableEntry(
                                        hashKeys,
                                        e.hashKeyIndex,
                                        i,
                                        "explicit_hash_key_index",
                                        "explicit hash key")
                                : null;
                records.add(
                        new UserRecord(
                                partitionKey,
                                hashKey,
                                Arrays.copyOfRange(data, e.dataFrom, e.dataTo)));
            }
            return new Unpacked(true, Collections.unmodifiableList(records), null);
        }

        /**
         * The key that record {@code i}'s {@code field} points at in one of the aggregate's key
         * tables ({@code what}).
         */
        private static String tableEntry(
                List<String> table, long index, int i, String field, String what) throws Malformed {
            if (Long.compareUnsigned(index, table.size()) >= 0) {
                throw new Malformed(
                        "records["
                                + i
                                + "]."
                                + field
                                + " "
                                + Long.toUnsignedString(index)
                                + " is outside the "
                                + what
                                + " table ("
                                + table.size()
                                + " keys)");
            }
            return table.get((int) index);
        }

        private RawEntry record(int index) throws Malformed {
            String name = "records[" + index + "]";
            RawEntry e = new RawEntry();
            boolean hasPartitionKeyIndex = false;
            boolean hasData = false;
            while (pos < limit) {
                long tag = varint(name + " field tag");
                int field = fieldNumber(tag);
                int wire = (int) (tag & 7);
                switch (field) {
                    case 1:
                        expect(wire, VARINT, name + ".partition_key_index");
                        e.partitionKeyIndex = varint(name + ".partition_key_index");
                        hasPartitionKeyIndex = true;
                        break;
                    case 2:
                        expect(wire, VARINT, name + ".explicit_hash_key_index");
                        e.hashKeyIndex = varint(name + ".explicit_hash_key_index");
                        e.hasHashKeyIndex = true;
                        break;
                    case 3:
                        expect(wire, LENGTH_DELIMITED, name + ".data");
                        int length = length(name + ".data");
                        e.dataFrom = pos;
                        e.dataTo = pos + length;
                        pos += length;
                        hasData = true;
                        break;
                    case 4:
                        expect(wire, LENGTH_DELIMITED, name + ".tags");
                        int tagLength = length(name + ".tags");
                        new Reader(data, pos, pos + tagLength).tag(name + ".tags");
                        pos += tagLength;
                        break;
                    default:
                        skip(field, wire, 0);
                }
            }
            if (!hasPartitionKeyIndex)
                throw new Malformed(name + " has no partition_key_index (required)");
            if (!hasData) throw new Malformed(name + " has no data (required)");
            return e;
        }

        private void tag(String name) throws Malformed {
            boolean hasKey = false;
            while (pos < limit) {
                long tag = varint(name + " field tag");
                int field = fieldNumber(tag);
                int wire = (int) (tag & 7);
                if (field == 1 || field == 2) {
                    String part = name + (field == 1 ? ".key" : ".value");
                    expect(wire, LENGTH_DELIMITED, part);
                    string(part);
                    hasKey |= field == 1;
                } else {
                    skip(field, wire, 0);
                }
            }
            if (!hasKey) throw new Malformed(name + " has no key (required)");
        }

        /** Skips one unknown field whose tag has been read, as protobuf does. */
        private void skip(int field, int wire, int depth) throws Malformed {
            switch (wire) {
                case VARINT:
                    varint("field " + field);
                    break;
                case FIXED64:
                    advance(8, "field " + field);
                    break;
                case LENGTH_DELIMITED:
                    advance(length("field " + field), "field " + field);
                    break;
                case FIXED32:
                    advance(4, "field " + field);
                    break;
                case START_GROUP:
                    if (depth >= MAX_GROUP_DEPTH)
                        throw new Malformed("groups nested deeper than " + MAX_GROUP_DEPTH);
                    while (true) {
                        if (pos >= limit) throw new Malformed("group " + field + " has no end");
                        long tag = varint("field tag in group " + field);
                        int inner = fieldNumber(tag);
                        int innerWire = (int) (tag & 7);
                        if (innerWire == END_GROUP) {
                            if (inner != field) {
                                throw new Malformed(
                                        "group " + field + " ended by end-group of field " + inner);
                            }
                            break;
                        }
                        skip(inner, innerWire, depth + 1);
                    }
                    break;
                case END_GROUP:
                    throw new Malformed("end-group of field " + field + " without a start");
                default:
                    throw new Malformed("field " + field + " has unknown wire type " + wire);
            }
        }

        private static int fieldNumber(long tag) throws Malformed {
            long field = tag >>> 3;
            if (field < 1 || field > 0x1FFF_FFFFL)
                throw new Malformed("invalid field number " + Long.toUnsignedString(field));
            return (int) field;
        }

        private static void expect(int wire, int expected, String name) throws Malformed {
            if (wire != expected) {
                throw new Malformed(name + " has wire type " + wire + ", expected " + expected);
            }
        }

        /** A base-128 varint of at most 64 bits. */
        private long varint(String name) throws Malformed {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) throw new Malformed(name + ": varint runs past the end");
                int b = data[pos++];
                if (shift == 63 && (b & 0xFE) != 0)
                    throw new Malformed(name + ": varint longer than 64 bits");
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) return value;
            }
            throw new Malformed(
                    name + ": varint longer than 64 bits"); // unreachable: shift 63 returns or
            // throws
        }

        /** The length of a length-delimited field, checked against what is left. */
        private int length(String name) throws Malformed {
            long length = varint(name + " length");
            if (Long.compareUnsigned(length, limit - pos) > 0) {
                throw new Malformed(
                        name
                                + ": length "
                                + Long.toUnsignedString(length)
                                + " runs past the end ("
                                + (limit - pos)
                                + " bytes left)");
            }
            return (int) length;
        }

        private void advance(int n, String name) throws Malformed {
            if (n > limit - pos) throw new Malformed(name + ": runs past the end");
            pos += n;
        }

        private String string(String name) throws Malformed {
            int length = length(name);
            byte[] bytes = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            if (Utf8.firstInvalidByte(bytes) >= 0)
                throw new Malformed(name + " is not valid UTF-8");
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static void checkHashKey(String key, int index) throws Malformed {
            boolean digits = !key.isEmpty() && key.length() <= 39;
            for (int i = 0; digits && i < key.length(); i++) {
                char c = key.charAt(i);
                digits = c >= '0' && c <= '9';
            }
            if (!digits || new BigInteger(key).compareTo(HASH_KEY_LIMIT) >= 0) {
                throw new Malformed(
                        "explicit_hash_key_table["
                                + index
                                + "] is not a decimal below 2^128: "
                                + abbreviate(key));
            }
        }

        private static String abbreviate(String s) {
            return s.length() <= 48
                    ? "'" + s + "'"
                    : "'" + s.substring(0, 45) + "...' (" + s.length() + " chars)";
        }
    }

    /** A user record before its indices are resolved against the tables, which may come later. */
    private static final class RawEntry {
        long partitionKeyIndex;
        long hashKeyIndex;
        boolean hasHashKeyIndex;
        int dataFrom;
        int dataTo;
    }
}
