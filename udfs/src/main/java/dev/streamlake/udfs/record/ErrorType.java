package dev.streamlake.udfs.record;

import dev.streamlake.udfs.text.Utf8;

/**
 * Why a record went to the errors table: the {@code error_type} column. Each type is counted (per
 * type and in total) by the one operator that finds it: {@link #MALFORMED_AGGREGATE} by "Unpack KPL
 * aggregates", {@link #TRANSFORM_FAILED} by "Transform" and "Firehose Lambda", the others by "Parse
 * and validate".
 */
public enum ErrorType {
    /**
     * A Kinesis record with the KPL magic that cannot be unpacked: bad MD5, broken or truncated
     * protobuf, an index outside its table, no user records. The payload is the whole record.
     */
    MALFORMED_AGGREGATE,
    /** Larger than the record size limit ({@code validation.max-record-size} in the job). */
    OVERSIZED,
    /**
     * Not UTF-8 JSON text, the only encoding the lake takes: bad, truncated or overlong sequences,
     * encoded surrogates, UTF-16 or UTF-32 (a NUL byte among the first four, or their byte-order
     * mark). See {@link Utf8}.
     */
    INVALID_UTF8,
    /**
     * A <code>&#92;u</code> escape decodes to no Unicode character: a lone or reversed surrogate
     * escape anywhere in the record (any value or name, nested or not read by any column), or one
     * in a string of arrival metadata. The message names the place and the byte.
     */
    INVALID_UNICODE,
    /** Not JSON: syntax errors, empty input, trailing data, duplicate keys, NaN. */
    MALFORMED_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** Deeper nesting, more fields or longer values than the configured limits allow. */
    LIMIT_EXCEEDED,
    /** A required column is missing or null. */
    MISSING_FIELD,
    /** A value does not fit its column's type. */
    WRONG_TYPE,
    /** The event time is not in any accepted format. */
    INVALID_EVENT_TIME,
    /** The event time is too far in the future or the past of the record's arrival. */
    EVENT_TIME_OUT_OF_RANGE,
    /**
     * The configured transform failed the record, or the Firehose Lambda did ({@code
     * ProcessingFailed}, or a failed invocation: the message says which); the payload is the record
     * before the Lambda.
     */
    TRANSFORM_FAILED,
    /**
     * A row that passed validation (and the transform) has a value its lake table cannot hold
     * unchanged, e.g. a string with an unpaired surrogate or a non-finite double from a user's
     * transform; the message names the column and why.
     */
    ENCODING_FAILED
}
