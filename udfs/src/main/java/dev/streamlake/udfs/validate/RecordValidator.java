package dev.streamlake.udfs.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.text.Utf8;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.apache.flink.types.Row;

/**
 * Turns a raw payload into a row of the schema, or says exactly why it cannot.
 *
 * <p>It never throws on bad input: every outcome is a {@link Validated}. Checks run cheapest first:
 * the guards here (size, then the text policy of {@link Utf8}: UTF-8 JSON text, escapes of Unicode
 * characters), then one streaming pass of JSON that fills the row ({@link JsonPass}, with {@link
 * Coercions} for the values and {@link JsonSlices} for {@code json} columns), then {@link
 * RowCompletion}: metadata, defaults, required columns and the event-time bounds. {@link Messages}
 * words what is wrong. Not thread-safe: one per subtask.
 */
public final class RecordValidator {
    private final TableSchema schema;
    private final ValidationRules rules;
    private final String maxRecordBytesName;
    private final JsonFactory json;
    private final int columnCount;
    private final JsonPass pass;
    private final RowCompletion completion;

    public RecordValidator(TableSchema schema, ValidationRules rules) {
        this(schema, rules, System::currentTimeMillis);
    }

    /** {@code clock} is asked for "now" only for records that carry no arrival time. */
    public RecordValidator(TableSchema schema, ValidationRules rules, LongSupplier clock) {
        this.schema = schema;
        this.rules = rules;
        this.maxRecordBytesName = rules.nameOf(ValidationRules.Limit.MAX_RECORD_BYTES);
        this.json =
                JsonFactory.builder()
                        // Correctly rounded like Double.parseDouble, several times faster.
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(rules.maxNestingDepth())
                                        .maxStringLength(rules.maxRecordBytes())
                                        .build())
                        .build();
        Column[] columns = schema.columns().toArray(new Column[0]);
        this.columnCount = columns.length;
        StrictJson strict = new StrictJson();
        this.pass =
                new JsonPass(
                        columns,
                        rules,
                        strict,
                        new Coercions(schema, rules, new JsonSlices(json, strict)));
        this.completion = new RowCompletion(schema, rules, clock);
    }

    public TableSchema schema() {
        return schema;
    }

    public Validated validate(RawRecord raw) {
        byte[] payload = raw.payload == null ? new byte[0] : raw.payload;
        if (payload.length > rules.maxRecordBytes()) {
            return Validated.rejected(
                    ErrorType.OVERSIZED,
                    "record is "
                            + payload.length
                            + " bytes; the limit is "
                            + rules.maxRecordBytes()
                            + maxRecordBytesName);
        }
        Utf8.Problem text = Utf8.check(payload);
        if (text != null) {
            return text.rule == Utf8.Rule.UNICODE_ESCAPES
                    ? Validated.rejected(
                            ErrorType.INVALID_UNICODE,
                            text.what
                                    + " in "
                                    + Messages.pathAt(json, payload, text.offset)
                                    + ": escapes must decode to Unicode characters")
                    : Validated.rejected(ErrorType.INVALID_UTF8, text.what);
        }
        Row row = Row.withPositions(columnCount);
        Validated problem;
        try (JsonParser parser = json.createParser(payload)) {
            if (!(parser instanceof UTF8StreamJsonParser)) {
                // Utf8.check leaves Jackson no other encoding to guess (UnicodePolicyTest tries
                // every prefix); should a Jackson upgrade guess anyway, the record is rejected.
                return Validated.rejected(
                        ErrorType.INVALID_UTF8,
                        "not read as UTF-8: the lake takes UTF-8 JSON only");
            }
            problem = pass.read(parser, row, payload);
        } catch (StreamConstraintsException e) {
            return Validated.rejected(ErrorType.LIMIT_EXCEEDED, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return Validated.rejected(ErrorType.MALFORMED_JSON, Messages.describe(e));
        } catch (IOException e) {
            // Parsing a byte array does no I/O; anything else here is a bug, not bad input.
            throw new IllegalStateException(e);
        }
        if (problem != null) return problem;
        return completion.complete(row, raw);
    }
}
