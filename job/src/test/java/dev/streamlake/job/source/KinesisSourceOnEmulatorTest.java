package dev.streamlake.job.source;

import static dev.streamlake.job.source.KclAggregates.keyInShard;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.pipeline.Tags;
import dev.streamlake.job.pipeline.UnpackAggregates;
import dev.streamlake.tools.local.KinesisLocalExtension;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.udfs.record.KplAggregate;
import dev.streamlake.udfs.record.RawRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The job's source ({@link KinesisSources}: the connector's consumer with the escaping proxies) and
 * "Unpack KPL aggregates" on kinesis-local, polling and enhanced fan-out: every user record of an
 * aggregate whose user records hash to both shards of a 2-shard stream arrives, once; plain
 * records, binary ones starting with the escape byte included, arrive byte for byte; malformed
 * aggregates arrive as errors. The aggregates are built with AWS's own protobuf classes (the KCL's
 * {@code Messages}); the real npm {@code aws-kinesis-agg} producer is tested end to end in {@code
 * src/test/}.
 *
 * <p>The test reads until an end marker has come from each shard (a shard's records arrive in
 * order) and the expected errors have come (a side output, not ordered with the markers), so it
 * asserts that no record is missing or extra without waiting on a clock.
 */
class KinesisSourceOnEmulatorTest {
    private static final int SHARDS = 2;
    private static final int USER_RECORDS_PER_AGGREGATE = 40;

    @TempDir static Path work;

    @RegisterExtension static final KinesisLocalExtension kinesis = new KinesisLocalExtension();

    @ParameterizedTest
    @ValueSource(strings = {"POLLING", "EFO"})
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard against a hang, not an assertion
    void everyUserRecordOfACrossShardAggregateArrivesOnceAndEveryOtherRecordAsItWas(String reader)
            throws Exception {
        String stream = "source-" + reader.toLowerCase();
        Kinesis.createStream(kinesis.client(), stream, SHARDS, Duration.ofSeconds(30));
        List<String> expected = new ArrayList<>();
        Set<String> expectedErrors = new TreeSet<>();

        // Two aggregates, each with user records of both shards, put into shard 0 and shard 1.
        for (int target = 0; target < SHARDS; target++) {
            List<Map.Entry<String, String>> users = new ArrayList<>();
            for (int i = 0; i < USER_RECORDS_PER_AGGREGATE; i++) {
                String key = keyInShard("dev-" + i, i % SHARDS, SHARDS);
                String data = "{\"agg\":" + target + ",\"i\":" + i + "}";
                users.add(Map.entry(key, data));
                expected.add(ok(key, data.getBytes(StandardCharsets.UTF_8)));
            }
            put(stream, keyInShard("agg", target, SHARDS), KclAggregates.of(users));
        }
        // Plain records, one of them binary and starting with the escape byte, one with the magic's
        // first 3 bytes.
        byte[][] plain = {
            "{\"plain\":1}".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xFF, (byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 0},
            {(byte) 0xFF},
            {(byte) 0xF3, (byte) 0x89, (byte) 0x9A}
        };
        for (int i = 0; i < plain.length; i++) {
            String key = keyInShard("plain-" + i, i % SHARDS, SHARDS);
            put(stream, key, plain[i]);
            expected.add(ok(key, plain[i]));
        }
        // Malformed aggregates: a bad MD5, and a protobuf whose index points outside its table.
        byte[] badIndex = KclAggregates.withKeyIndexes(0, 9);
        for (byte[] bad : List.of(KclAggregates.withBadMd5(), badIndex)) {
            put(stream, keyInShard("bad", expectedErrors.size() % SHARDS, SHARDS), bad);
            expectedErrors.add(Base64.getEncoder().encodeToString(bad));
        }
        Map<String, Integer> endOfShard = new HashMap<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String key = keyInShard("end", shard, SHARDS);
            put(stream, key, ("{\"end\":" + shard + "}").getBytes(StandardCharsets.UTF_8));
            endOfShard.put(
                    ok(key, ("{\"end\":" + shard + "}").getBytes(StandardCharsets.UTF_8)), shard);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SingleOutputStreamOperator<RawRecord> unpacked =
                KinesisSources.records(env, config(stream, reader))
                        .process(new UnpackAggregates())
                        .uid("unpack-aggregates")
                        .name("Unpack KPL aggregates");
        DataStream<String> seen =
                unpacked.map(r -> "shard " + r.shardId + " " + ok(r.partitionKey, r.payload))
                        .returns(Types.STRING)
                        .union(
                                unpacked.getSideOutput(Tags.FAILED)
                                        .map(f -> "error " + f.errorType + " " + f.payload)
                                        .returns(Types.STRING));

        List<String> records = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Set<Integer> shardsEnded = new TreeSet<>();
        Map<String, String> shardOfRecord = new HashMap<>();
        try (CloseableIterator<String> it = seen.executeAndCollect("source-" + reader)) {
            // Errors travel on their own channel (side output), unordered with the markers: wait
            // for both.
            while ((shardsEnded.size() < SHARDS || errors.size() < expectedErrors.size())
                    && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("error ")) {
                    errors.add(line);
                    continue;
                }
                String[] parts = line.split(" ", 3);
                shardOfRecord.put(parts[2], parts[1]);
                Integer ended = endOfShard.get(parts[2]);
                if (ended != null) shardsEnded.add(ended);
                else records.add(parts[2]);
            }
        }

        assertThat(records).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(errors)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e).startsWith("error MALFORMED_AGGREGATE "));
        assertThat(errors)
                .extracting(e -> e.substring("error MALFORMED_AGGREGATE ".length()))
                .containsExactlyInAnyOrderElementsOf(expectedErrors);
        // The user records came from both shards, each aggregate's from the shard it was put into.
        assertThat(new TreeSet<>(shardOfRecord.values())).as("%s", shardOfRecord).hasSize(SHARDS);
        for (int i = 0; i < USER_RECORDS_PER_AGGREGATE; i++) {
            String key = keyInShard("dev-" + i, i % SHARDS, SHARDS);
            String fromAgg1 =
                    ok(key, ("{\"agg\":1,\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            String fromAgg0 =
                    ok(key, ("{\"agg\":0,\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(shardOfRecord.get(fromAgg0)).isNotEqualTo(shardOfRecord.get(fromAgg1));
        }
        assertThat(KplAggregate.unpack(badIndex).isMalformed()).isTrue();
    }

    /**
     * Savepoints stay compatible: a job whose source is the connector's plain consumer (as before
     * the job unpacked aggregates, same uid) is stopped with a savepoint, and the source of today
     * resumes from it exactly after the last record read: nothing repeated, nothing skipped.
     */
    @org.junit.jupiter.api.Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard against a hang, not an assertion
    void resumesFromASavepointOfThePlainConnectorConsumer() throws Exception {
        String stream = "source-upgrade";
        Kinesis.createStream(kinesis.client(), stream, 1, Duration.ofSeconds(30));
        JobConfig cfg = config(stream, "POLLING");
        for (String r : List.of("{\"a\":1}", "{\"a\":2}"))
            put(stream, "k", r.getBytes(StandardCharsets.UTF_8));
        put(stream, "k", KclAggregates.underOneKey("k", "{\"a\":3}", "{\"a\":4}"));
        put(stream, "k", "{\"end\":1}".getBytes(StandardCharsets.UTF_8));

        StreamExecutionEnvironment before = StreamExecutionEnvironment.getExecutionEnvironment();
        before.setParallelism(1);
        before.enableCheckpointing(200);
        CloseableIterator<String> first =
                before.addSource(
                                new FlinkKinesisConsumer<>(
                                        stream,
                                        new RawRecordSchema(),
                                        KinesisSources.consumerProperties(cfg)))
                        .uid("kinesis-source")
                        .name("Kinesis: " + stream)
                        .map(r -> new String(r.payload, StandardCharsets.UTF_8))
                        .returns(Types.STRING)
                        .collectAsync();
        JobClient job = before.executeAsync("plain-consumer");
        List<String> read = readUntil(first, "{\"end\":1}");
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                work.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get(2, TimeUnit.MINUTES);
        first.close();
        assertThat(read)
                .as("the connector de-aggregated")
                .containsExactly("{\"a\":1}", "{\"a\":2}", "{\"a\":3}", "{\"a\":4}", "{\"end\":1}");

        put(stream, "k", "{\"b\":1}".getBytes(StandardCharsets.UTF_8));
        put(stream, "k", KclAggregates.underOneKey("k", "{\"b\":2}", "{\"b\":3}"));
        put(stream, "k", "{\"end\":2}".getBytes(StandardCharsets.UTF_8));
        org.apache.flink.configuration.Configuration restore =
                new org.apache.flink.configuration.Configuration();
        restore.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        restore.set(
                SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE,
                true); // the test's own map and sink
        StreamExecutionEnvironment after =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        after.setParallelism(1);
        try (CloseableIterator<String> second =
                KinesisSources.records(after, cfg)
                        .process(new UnpackAggregates())
                        .uid("unpack-aggregates")
                        .map(r -> new String(r.payload, StandardCharsets.UTF_8))
                        .returns(Types.STRING)
                        .executeAndCollect("escaping-consumer")) {
            assertThat(readUntil(second, "{\"end\":2}"))
                    .containsExactly("{\"b\":1}", "{\"b\":2}", "{\"b\":3}", "{\"end\":2}");
        }
    }

    private static List<String> readUntil(CloseableIterator<String> it, String last) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            String r = it.next();
            out.add(r);
            if (r.equals(last)) break;
        }
        return out;
    }

    private static String ok(String partitionKey, byte[] payload) {
        return partitionKey + "=" + Base64.getEncoder().encodeToString(payload);
    }

    private static void put(String stream, String partitionKey, byte[] data) {
        kinesis.client()
                .putRecord(
                        b ->
                                b.streamName(stream)
                                        .partitionKey(partitionKey)
                                        .data(SdkBytes.fromByteArray(data)));
    }

    private static JobConfig config(String stream, String reader) {
        Map<String, String> c = new HashMap<>();
        c.put(SourceOptions.STREAM.key(), stream);
        c.put(SourceOptions.REGION.key(), "us-east-1");
        c.put(SourceOptions.ENDPOINT.key(), kinesis.endpoint());
        c.put(SourceOptions.INITIAL_POSITION.key(), "TRIM_HORIZON");
        c.put(SourceOptions.READER.key(), reader);
        c.put(SourceOptions.EFO_CONSUMER_NAME.key(), "it-" + stream);
        c.put(SourceOptions.POLL_INTERVAL.key(), "50 ms");
        c.put(LakeOptions.PATH.key(), work.resolve("lake").toUri().toString());
        return JobConfig.fromMap(c);
    }
}
