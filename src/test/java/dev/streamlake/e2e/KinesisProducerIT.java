package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.StreamContents;
import dev.streamlake.tools.local.FreePorts;
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

/** The producer against the emulator: PutRecords' count and size limits, keys, and the tally. */
class KinesisProducerIT {
    private static final Duration READ_BACK = Duration.ofMinutes(2);

    @Test
    void sendsEveryRecordInBatchesWithinPutRecordsLimitsKeyedByField(@TempDir Path tmp)
            throws InterruptedException {
        LocalRun.useEmulatorIdentity();
        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                FreePorts.loopback(),
                                FreePorts.loopback(),
                                tmp.resolve("kinesis-local.log"));
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
            Map<String, String> keyById = keyById(client, stream);
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
    private static Map<String, String> keyById(KinesisClient client, String stream)
            throws InterruptedException {
        Map<String, String> out = new HashMap<>();
        for (StreamContents.Stored r : StreamContents.readAll(client, stream, READ_BACK)) {
            String text = new String(r.data(), StandardCharsets.UTF_8);
            int at = text.indexOf("\"reading_id\":\"");
            String id = at < 0 ? text : text.substring(at + 14, text.indexOf('"', at + 14));
            out.put(id, r.partitionKey());
        }
        return out;
    }
}
