package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Ports;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The producer against the emulator: PutRecords' count and size limits, keys, and the tally. */
class KinesisProducerIT {

    @Test
    void sendsEveryRecordInBatchesWithinPutRecordsLimitsKeyedByField(@TempDir Path tmp) {
        LocalRun.useEmulatorIdentity();
        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                Ports.free(), Ports.free(), tmp.resolve("kinesis-local.log"));
                KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
            String stream = "producer";
            Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
            List<byte[]> records = new ArrayList<>();
            // 1,200 small records need three calls of at most 500; seven of 800 KB need two of at
            // most 5 MiB: a producer that ignored either limit would have whole calls rejected.
            for (int i = 0; i < 1200; i++) records.add(json("small-" + i, "dev-" + (i % 7), ""));
            for (int i = 0; i < 7; i++)
                records.add(json("big-" + i, "dev-big", "x".repeat(800 * 1024)));
            records.add(
                    "not json"
                            .getBytes(StandardCharsets.UTF_8)); // still sent, under a fallback key

            KinesisProducer producer =
                    new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
            producer.sendAll(records.iterator());

            assertThat(producer.sent()).isEqualTo(records.size());
            assertThat(producer.failed()).isZero();
            Map<String, String> keyById = readAll(client, stream);
            assertThat(keyById).hasSize(records.size());
            assertThat(keyById.get("small-8")).isEqualTo("dev-1");
            assertThat(keyById.get("big-3")).isEqualTo("dev-big");
            assertThat(keyById.get("not json")).startsWith("no-key-");
        }
    }

    private static byte[] json(String id, String device, String pad) {
        return ("{\"reading_id\":\""
                        + id
                        + "\",\"device_id\":\""
                        + device
                        + "\",\"pad\":\""
                        + pad
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads both shards from the start: reading id (or raw text) to partition key. */
    private static Map<String, String> readAll(KinesisClient client, String stream) {
        Map<String, String> out = new HashMap<>();
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            String iterator =
                    client.getShardIterator(
                                    b ->
                                            b.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String it = iterator;
                var response =
                        client.getRecords(
                                b ->
                                        b.shardIterator(it)
                                                .limit(100)); // the emulator is slow with MBs
                for (Record r : response.records()) {
                    String text = r.data().asUtf8String();
                    int at = text.indexOf("\"reading_id\":\"");
                    String id = at < 0 ? text : text.substring(at + 14, text.indexOf('"', at + 14));
                    out.put(id, r.partitionKey());
                }
                iterator = response.records().isEmpty() ? null : response.nextShardIterator();
            }
        }
        return out;
    }
}
