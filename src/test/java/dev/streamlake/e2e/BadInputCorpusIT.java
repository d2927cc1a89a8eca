package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Corpus;
import dev.streamlake.e2e.support.Corpus.Entry;
import dev.streamlake.e2e.support.LakeFiles;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.ReliabilityReport;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.udfs.lake.LakeLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The bad-input corpus through the real stream and job. The job runs with restarts switched off, so
 * a record that crashed it would fail the job and this test: every record must instead end in its
 * expected table, once.
 */
class BadInputCorpusIT {
    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @Test
    void everyCorpusRecordEndsOnceWhereExpectedAndTheJobNeverRestarts(@TempDir Path tmp)
            throws Exception {
        LocalRun.useEmulatorIdentity();
        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                FreePorts.loopback(),
                                FreePorts.loopback(),
                                tmp.resolve("kinesis-local.log"));
                KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
            String stream = "corpus";
            Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
            List<Entry> corpus = Corpus.load(System.currentTimeMillis());
            List<PutRecordsRequestEntry> puts = new ArrayList<>();
            for (Entry e : corpus) {
                // The partition key names the record: it is the one thing a garbled payload keeps.
                puts.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(e.name())
                                .data(SdkBytes.fromByteArray(e.payload()))
                                .build());
            }
            for (int i = 0; i < puts.size(); i += 20) {
                var batch = puts.subList(i, Math.min(puts.size(), i + 20));
                assertThat(
                                client.putRecords(b -> b.streamName(stream).records(batch))
                                        .failedRecordCount())
                        .isZero();
            }

            Path lake = tmp.resolve("lake");
            JobConfig cfg =
                    Corpus.config(
                            Map.of(
                                    SourceOptions.STREAM.key(),
                                    stream,
                                    SourceOptions.ENDPOINT.key(),
                                    kinesis.endpoint(),
                                    SourceOptions.INITIAL_POSITION.key(),
                                    "TRIM_HORIZON",
                                    SourceOptions.POLL_INTERVAL.key(),
                                    "50 ms",
                                    LakeOptions.PATH.key(),
                                    lake.toUri().toString()));
            StreamExecutionEnvironment env = TestCluster.withoutRestarts();
            LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
            JobClient job = env.executeAsync("corpus-it");

            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (outcomes(lake).size() < corpus.size() && System.nanoTime() < deadline) {
                assertThat(job.getJobStatus().get())
                        .as("job status")
                        .isIn(JobStatus.INITIALIZING, JobStatus.CREATED, JobStatus.RUNNING);
                Thread.sleep(250);
            }
            MiniClusterJob.stopWithSavepoint(job, tmp);

            Map<String, String> expected = new TreeMap<>();
            corpus.forEach(e -> expected.put(e.name(), e.expect()));
            Map<String, List<String>> actual = outcomes(lake);
            ReliabilityReport.row(
                    "bad-input corpus (src/test/resources/corpus), restarts switched off",
                    corpus.size(),
                    actual.values().stream().mapToLong(List::size).sum(),
                    0,
                    actual.values().stream().mapToLong(v -> v.size() - 1).sum(),
                    expected.keySet().stream().filter(k -> !actual.containsKey(k)).count(),
                    "each record in events or in errors with its expected error_type");
            assertThat(actual.values())
                    .as("each record once")
                    .allSatisfy(v -> assertThat(v).hasSize(1));
            Map<String, String> first = new TreeMap<>();
            actual.forEach((k, v) -> first.put(k, v.get(0)));
            assertThat(first).isEqualTo(expected);
        }
    }

    /** Name to outcomes: events rows by reading_id, errors rows by partition key. */
    private static Map<String, List<String>> outcomes(Path lake) {
        Map<String, List<String>> seen = new TreeMap<>();
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.EVENTS)) {
            seen.computeIfAbsent(r.text("reading_id"), k -> new ArrayList<>()).add(Corpus.EVENTS);
        }
        for (LakeRow r : LakeFiles.read(lake, LakeLayout.ERRORS)) {
            seen.computeIfAbsent(r.text("partition_key"), k -> new ArrayList<>())
                    .add(r.text("error_type"));
        }
        return seen;
    }
}
