package dev.streamlake.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.LakeFiles;
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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Not a test: freshness figures for BENCHMARKS.md, run on demand. Steady load into kinesis-local (2
 * shards), the real wiring on a MiniCluster (parallelism 2, POLLING every 200 ms, checkpoint every
 * 10 s), and a watcher that notes when each record first appears in a committed events file:
 * freshness = that moment − the PutRecords call that sent it. Bounded: stops after the duration and
 * once every record is visible.
 *
 * <pre>
 * mvn -q -o -pl src/test -am test -Dtest=FreshnessBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true
 *     [-Dbenchmark.seconds=180] [-Dbenchmark.rate=200] [-Dbenchmark.checkpoint-ms=10000]
 * </pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FreshnessBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @TempDir Path work;

    @Test
    void freshness() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 180);
        int rate = Integer.getInteger("benchmark.rate", 200);
        long checkpointMs = Long.getLong("benchmark.checkpoint-ms", 10_000);
        LocalRun.useEmulatorIdentity();
        Path lake = work.resolve("lake");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        double producedSeconds = 0;

        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                FreePorts.loopback(),
                                FreePorts.loopback(),
                                work.resolve("kinesis-local.log"));
                KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
            String stream = "freshness";
            Kinesis.createStream(client, stream, 2, Duration.ofSeconds(30));
            Map<String, String> c = new HashMap<>();
            c.put(SourceOptions.STREAM.key(), stream);
            c.put(SourceOptions.REGION.key(), "us-east-1");
            c.put(SourceOptions.ENDPOINT.key(), kinesis.endpoint());
            c.put(SourceOptions.INITIAL_POSITION.key(), "TRIM_HORIZON");
            c.put(LakeOptions.PATH.key(), lake.toUri().toString());
            JobConfig cfg = JobConfig.fromMap(c);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(checkpointMs);
            LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
            JobClient job = env.executeAsync("freshness");

            Watcher watcher = new Watcher(lake, visibleAt);
            watcher.start();
            try {
                long t0 = System.nanoTime();
                produce(client, stream, rate, seconds, sentAt);
                producedSeconds = (System.nanoTime() - t0) / 1e9;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (visibleAt.size() < sentAt.size() && System.nanoTime() < deadline)
                    Thread.sleep(200);
            } finally {
                watcher.stopWatching();
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        }

        List<Long> latencies = new ArrayList<>();
        sentAt.forEach(
                (id, sent) -> {
                    Long seen = visibleAt.get(id);
                    if (seen != null) latencies.add(seen - sent);
                });
        Collections.sort(latencies);
        assertThat(latencies).as("records seen in the lake").hasSize(sentAt.size());
        System.out.printf(
                Locale.ROOT,
                "records=%d rate=%d/s (achieved %.0f/s over %.0f s) checkpoint=%d ms load=%s%n",
                sentAt.size(),
                rate,
                sentAt.size() / producedSeconds,
                producedSeconds,
                checkpointMs,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(
                Locale.ROOT,
                "| p50 | p90 | p99 | max | min |%n|---|---|---|---|---|%n| %.1f s | %.1f s | %.1f s | %.1f s | %.1f s |%n",
                pct(latencies, 50) / 1e3,
                pct(latencies, 90) / 1e3,
                pct(latencies, 99) / 1e3,
                latencies.get(latencies.size() - 1) / 1e3,
                latencies.get(0) / 1e3);
    }

    /**
     * Sends {@code rate} records per second in ten batches a second, noting each one's send time.
     */
    private static void produce(
            KinesisClient client, String stream, int rate, int seconds, Map<String, Long> sentAt)
            throws InterruptedException {
        int perBatch = Math.max(1, rate / 10);
        long start = System.nanoTime();
        int n = 0;
        for (int batch = 0; batch < seconds * 10; batch++) {
            long due = start + batch * 100_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < perBatch; i++, n++) {
                String id = "f-" + n;
                String payload =
                        "{\"reading_id\":\""
                                + id
                                + "\",\"device_id\":\"dev-"
                                + (n % 50)
                                + "\",\"ts\":\""
                                + Instant.ofEpochMilli(now)
                                + "\",\"temperature\":21.5}";
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey("dev-" + (n % 50))
                                .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8))
                                .build());
                ids.add(id);
            }
            PutRecordsResponse r = client.putRecords(b -> b.streamName(stream).records(entries));
            for (int i = 0; i < ids.size(); i++) {
                if (r.records().get(i).errorCode() == null) sentAt.put(ids.get(i), now);
            }
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(
                Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Notes when each reading_id first appears in a committed events file (polls every 50 ms). */
    private static final class Watcher extends Thread {
        private final Path lake;
        private final Map<String, Long> visibleAt;
        private final Set<Path> read = new HashSet<>();
        private volatile boolean running = true;

        Watcher(Path lake, Map<String, Long> visibleAt) {
            super("lake-watcher");
            setDaemon(true);
            this.lake = lake;
            this.visibleAt = visibleAt;
        }

        void stopWatching() throws InterruptedException {
            running = false;
            join();
        }

        @Override
        public void run() {
            while (running) {
                long now = System.currentTimeMillis();
                List<Path> files;
                try {
                    files = LakeFiles.committedFiles(lake, LakeLayout.EVENTS);
                } catch (java.io.UncheckedIOException e) {
                    files = List.of(); // an in-progress file renamed during the listing: next poll
                }
                for (Path f : files) {
                    if (!read.add(f)) continue;
                    try (BufferedReader in =
                            new BufferedReader(
                                    new InputStreamReader(
                                            new GZIPInputStream(Files.newInputStream(f)),
                                            StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            JsonNode row = JSON.readTree(line);
                            visibleAt.putIfAbsent(row.path("reading_id").asText(), now);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot read " + f, e);
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
