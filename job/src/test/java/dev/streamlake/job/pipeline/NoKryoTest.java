package dev.streamlake.job.pipeline;

import static dev.streamlake.job.pipeline.Fixtures.SENSORS;
import static dev.streamlake.job.pipeline.Fixtures.raw;
import static dev.streamlake.job.pipeline.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.record.LakeTypes;
import dev.streamlake.job.record.ValidRecord;
import dev.streamlake.job.sink.EncodedRecord;
import dev.streamlake.job.sink.EncodedRecordSerializer;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.ValidationRules;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Records travel between operators without Kryo. */
class NoKryoTest {

    @Test
    void rawRecordIsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
    }

    @Test
    void failedRecordIsAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(FailedRecord.class);
        assertThat(Tags.FAILED.getTypeInfo()).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void rowTypeHasTheSchemasNamesAndTypes() {
        RowTypeInfo type = LakeTypes.rowType(SENSORS);

        assertThat(type.getFieldNames()).startsWith("reading_id", "device_id", "event_time");
        assertThat(type.getTypeAt("event_time").getTypeClass()).isEqualTo(Long.class);
        assertThat(type.getTypeAt("battery_mv").getTypeClass()).isEqualTo(Integer.class);
        assertThat(type.getTypeAt("attributes").getTypeClass()).isEqualTo(String.class);
    }

    @Test
    void validRecordRoundTripsWithGenericTypesDisabled() throws Exception {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes(); // Kryo would throw
        TypeSerializer<ValidRecord> serializer =
                ValidRecord.typeInfo(SENSORS).createSerializer(config);
        RawRecord raw = raw(reading("OK"), "1");
        Row row = new RecordValidator(SENSORS, ValidationRules.defaults()).validate(raw).row();

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(new ValidRecord(row, raw), out);
        ValidRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.raw()).isEqualTo(raw);
        assertThat(back.row()).isEqualTo(row);
    }

    @Test
    void encodedRecordsRoundTripWithGenericTypesDisabled() throws Exception {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        TypeSerializer<EncodedRecord> serializer =
                EncodedRecordSerializer.TYPE.createSerializer(config);
        assertThat(org.apache.flink.api.common.typeinfo.TypeInformation.of(EncodedRecord.class))
                .isEqualTo(EncodedRecordSerializer.TYPE);
        EncodedRecord line = EncodedRecord.line(7L, new byte[] {'{', '}'});
        EncodedRecord values =
                EncodedRecord.values(
                        8L,
                        new Object[] {
                            null,
                            "é".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            1L,
                            2,
                            3.5,
                            true
                        });

        for (EncodedRecord r : new EncodedRecord[] {line, values}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(r, out);
            assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                    .isEqualTo(r);
        }
    }

    @Test
    void failedRecordRoundTripsWithGenericTypesDisabled() throws Exception {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        TypeSerializer<FailedRecord> serializer =
                Tags.FAILED.getTypeInfo().createSerializer(config);
        FailedRecord f =
                FailedRecord.of(raw(new byte[] {(byte) 0xFF}, "3"), ErrorType.INVALID_UTF8, "bad");

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(f, out);
        FailedRecord back =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back).usingRecursiveComparison().isEqualTo(f);
    }
}
