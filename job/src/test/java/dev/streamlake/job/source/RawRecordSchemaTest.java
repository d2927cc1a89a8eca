package dev.streamlake.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.record.RawRecord;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class RawRecordSchemaTest {

    @Test
    void keepsBytesAndArrivalMetadataUntouched() {
        byte[] bytes = {'{', (byte) 0xC0, '}'};

        RawRecord r =
                new RawRecordSchema()
                        .deserialize(
                                bytes,
                                "dev-1",
                                "4965",
                                1234L,
                                "sensor-readings",
                                "shardId-000000000001");

        assertThat(r)
                .isEqualTo(
                        new RawRecord(
                                bytes,
                                "sensor-readings",
                                "shardId-000000000001",
                                "4965",
                                "dev-1",
                                1234L));
    }

    @Test
    void producesPojoTypeInformation() {
        assertThat(new RawRecordSchema().getProducedType()).isInstanceOf(PojoTypeInfo.class);
    }
}
