package dev.streamlake.job.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.TransformOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.tools.producer.SampleGenerator;
import dev.streamlake.udfs.record.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;

/**
 * The throughput harness behind BENCHMARKS.md: the real pipeline ({@link LakePipeline#wire}: parse,
 * validate, transform, [score,] FileSink to local disk) at parallelism 1, fed from memory with
 * pre-generated sample records, and, in the same JVM, the bounds: Jackson tokenizing every record,
 * and one thread of {@link GZIPOutputStream} over the records as NDJSON and over the NDJSON the
 * pipeline wrote to the lake (its rows are larger than the records: metadata columns, formatted
 * timestamps).
 *
 * <p>Used by {@link LakeBenchmark} (figures, on demand) and {@link LakeBenchTest} (smoke test).
 */
final class LakeBench {
    static final long SEED = 42;
    static final int DEVICES = 1000;

    /** Event times start here and advance 10 ms per record (1M records span ~3 hours). */
    static final long BASE = 1_795_000_000_000L; // 2026-11-18T...Z

    private LakeBench() {}

    /** The sample records, exactly as the pipeline's source regenerates them. */
    static List<byte[]> samples(int n) {
        SampleGenerator gen = new SampleGenerator(SEED, DEVICES);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(gen.next(BASE + i * 10L).payload);
        return out;
    }

    static long bytes(List<byte[]> payloads) {
        long total = 0;
        for (byte[] p : payloads) total += p.length;
        return total;
    }

    // ---------------------------------------------------------------------------------------
    // Bounds

    /** Wall and CPU nanoseconds of one single-threaded measurement. */
    static final class Timing {
        final long wallNanos;
        final long cpuNanos;

        Timing(long wallNanos, long cpuNanos) {
            this.wallNanos = wallNanos;
            this.cpuNanos = cpuNanos;
        }
    }

    static Timing jacksonParse(List<byte[]> payloads) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = jacksonParseNanos(payloads);
        return new Timing(wall, THREADS.getCurrentThreadCpuTime() - cpu);
    }

    static Timing gzip(List<byte[]> payloads, int level) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long wall = gzipNanos(payloads, level);
        return new Timing(wall, THREADS.getCurrentThreadCpuTime() - cpu);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Nanoseconds for Jackson to tokenize every record (no values read, nothing built). */
    static long jacksonParseNanos(List<byte[]> payloads) throws IOException {
        JsonFactory factory = new JsonFactory();
        long tokens = 0;
        long t0 = System.nanoTime();
        for (byte[] p : payloads) {
            try (JsonParser parser = factory.createParser(p)) {
                while (parser.nextToken() != null) tokens++;
            } catch (JsonProcessingException e) {
                tokens--; // the ~1 % malformed samples: parsed up to the error, as the pipeline
                // does
            }
        }
        long nanos = System.nanoTime() - t0;
        if (tokens == 42) System.out.print(""); // keep the loop observable
        return nanos;
    }

    /**
     * Nanoseconds for one GZIPOutputStream (level as the lake's) over the lines as NDJSON, handed
     * to it in 64 KB chunks: a call into the native deflater per line would cost ~7 % more.
     */
    static long gzipNanos(List<byte[]> payloads, int level) throws IOException {
        CountingSink sink = new CountingSink();
        long t0 = System.nanoTime();
        try (GZIPOutputStream gz =
                        new GZIPOutputStream(sink, 64 * 1024) {
                            {
                                def.setLevel(level);
                            }
                        };
                java.io.BufferedOutputStream chunks =
                        new java.io.BufferedOutputStream(gz, 64 * 1024)) {
            for (byte[] p : payloads) {
                chunks.write(p);
                chunks.write('\n');
            }
        }
        return System.nanoTime() - t0;
    }

    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Pipeline

    /** One pipeline run's figures. */
    static final class Run {
        String label;
        int records;
        long inputBytes;
        long nanos;
        long outputBytes;
        int files;

        /** Uncompressed bytes of the .json.gz files: the NDJSON the pipeline actually gzipped. */
        long outputJsonBytes;

        long peakHeapBytes;

        /** CPU time of the task thread that runs the chain (source to events writer). */
        long taskCpuNanos;

        /** The job's tasks (operator chains). */
        List<String> tasks;

        double seconds() {
            return nanos / 1e9;
        }

        double recordsPerSecond() {
            return records / seconds();
        }

        double inputMBps() {
            return inputBytes / 1e6 / seconds();
        }

        double outputMBps() {
            return outputBytes / 1e6 / seconds();
        }

        /** Records per CPU-second of the task thread: per-core throughput, less load-sensitive. */
        double recordsPerCpuSecond() {
            return records / (taskCpuNanos / 1e9);
        }

        double inputMBperCpuSecond() {
            return inputBytes / 1e6 / (taskCpuNanos / 1e9);
        }

        double compressionRatio() {
            return (double) inputBytes / outputBytes;
        }
    }

    /**
     * Runs the wired pipeline over {@code n} sample records into {@code lake} with the given extra
     * configuration (e.g. {@code lake.events.format=parquet}); times from the first record the
     * source emits to the job's end (the last checkpoint committed every file).
     */
    static Run pipeline(String label, int n, Path lake, Map<String, String> extra)
            throws Exception {
        return pipeline(label, n, lake, extra, Source.FLIP27);
    }

    /** The job's configuration for a run into {@code lake}, with {@code extra} settings on top. */
    static JobConfig config(Path lake, Map<String, String> extra) {
        Map<String, String> c = JobSettings.localLake(lake);
        c.put(SourceOptions.STREAM.key(), "bench");
        c.put(LakeOptions.CHECKPOINT_INTERVAL.key(), "10 s");
        // As conf/application-properties-local.json: TEST records dropped, e-mail masked.
        c.put(TransformOptions.DROP_IF.key(), "status == 'TEST'");
        c.put(TransformOptions.MASK.key(), "owner_email");
        c.putAll(extra);
        return JobConfig.fromMap(c);
    }

    /** How the records enter the job. */
    enum Source {
        /** A FLIP-27 source: the whole pipeline, writer included, is one chain. */
        FLIP27,
        /**
         * A legacy source function, as the Kinesis consumer is: Flink chains the pipeline up to the
         * commit watch behind it, but not the events writer, which runs as a task of its own.
         */
        LEGACY,
        /**
         * The legacy source in a task of its own: raw records cross to the next task, and the
         * writer chains with parsing there (a variant the deployed job does not use).
         */
        LEGACY_OWN_TASK
    }

    static Run pipeline(String label, int n, Path lake, Map<String, String> extra, Source source)
            throws Exception {
        JobConfig cfg = config(lake, extra);

        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(cfg.checkpointInterval().toMillis());
        records(n); // generated here, untimed; the source takes them from memory
        LakePipeline.wire(env, new MemoryIo(cfg, n, source), cfg);
        List<String> tasks = new ArrayList<>();
        env.getStreamGraph(false).getJobGraph().getVertices().forEach(v -> tasks.add(v.getName()));

        System.gc();
        HeapWatch heap = HeapWatch.start();
        JobExecutionResult result;
        long end;
        try {
            result = env.execute("lake-bench-" + label);
            end = System.nanoTime();
        } finally {
            heap.stop();
        }
        Run run = new Run();
        run.label = label;
        run.tasks = tasks;
        run.records = n;
        run.inputBytes = result.<Long>getAccumulatorResult(INPUT_BYTES);
        run.nanos = end - result.<Long>getAccumulatorResult(START_NANOS);
        run.peakHeapBytes = heap.peak();
        run.taskCpuNanos = heap.taskCpuNanos();
        try (Stream<Path> files = Files.walk(lake)) {
            for (Path f :
                    (Iterable<Path>)
                            files.filter(Files::isRegularFile)
                                            .filter(
                                                    p ->
                                                            !p.getFileName()
                                                                    .toString()
                                                                    .startsWith("."))
                                    ::iterator) {
                run.outputBytes += Files.size(f);
                run.files++;
                if (f.getFileName().toString().endsWith(".json.gz")) {
                    run.outputJsonBytes += lakeLines(f).stream().mapToLong(l -> l.length + 1).sum();
                }
            }
        }
        return run;
    }

    /**
     * The NDJSON lines of every {@code .json.gz} file under {@code lake}: what the pipeline
     * gzipped.
     */
    static List<byte[]> lakeNdjson(Path lake) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lake)) {
            for (Path f :
                    (Iterable<Path>)
                            files.filter(p -> p.getFileName().toString().endsWith(".json.gz"))
                                            .filter(
                                                    p ->
                                                            !p.getFileName()
                                                                    .toString()
                                                                    .startsWith("."))
                                            .sorted()
                                    ::iterator) {
                lines.addAll(lakeLines(f));
            }
        }
        return lines;
    }

    private static List<byte[]> lakeLines(Path gz) throws IOException {
        byte[] all;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            all = in.readAllBytes();
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(java.util.Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    private static byte[][] records;

    /**
     * The sample records for a run of {@code n}, kept for the next run: the MiniCluster runs in
     * this JVM, so the sources read them from here and no task spends time generating them.
     */
    static synchronized byte[][] records(int n) {
        if (records == null || records.length != n) records = samples(n).toArray(new byte[0][]);
        return records;
    }

    static RawRecord record(byte[][] payloads, int i) {
        return new RawRecord(
                payloads[i],
                "bench",
                "shardId-000000000000",
                Integer.toString(i),
                "k",
                BASE + i * 10L + 500);
    }

    static final String START_NANOS = "bench.start-nanos";
    static final String INPUT_BYTES = "bench.input-bytes";

    /** Starts the clock at the first record. */
    static void started(
            org.apache.flink.api.common.functions.RuntimeContext ctx, byte[][] payloads) {
        ctx.addAccumulator(START_NANOS, new LongCounter(System.nanoTime()));
        long total = 0;
        for (byte[] p : payloads) total += p.length;
        ctx.addAccumulator(INPUT_BYTES, new LongCounter(total));
    }

    /** Production sinks; the pre-generated records instead of Kinesis. */
    static final class MemoryIo extends KinesisLakeIo {
        private final int n;
        private final Source source;

        MemoryIo(JobConfig cfg, int n, Source source) {
            super(cfg);
            this.n = n;
            this.source = source;
        }

        @Override
        public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
            switch (source) {
                case LEGACY:
                    return env.addSource(new PregeneratedSource(n))
                            .uid("bench-records")
                            .name("Pre-generated records");
                case LEGACY_OWN_TASK:
                    return env.addSource(new PregeneratedSource(n))
                            .uid("bench-records")
                            .name("Pre-generated records")
                            .disableChaining();
                default:
                    return env.fromSequence(0, n - 1)
                            .uid("bench-sequence")
                            .name("Record numbers")
                            .map(new Pregenerated(n))
                            .uid("bench-records")
                            .name("Pre-generated records");
            }
        }
    }

    /** Record i of the sample records, driven by a FLIP-27 number sequence. */
    static final class Pregenerated extends RichMapFunction<Long, RawRecord>
            implements ResultTypeQueryable<RawRecord> {
        private final int n;
        private transient byte[][] payloads;
        private transient boolean started;

        Pregenerated(int n) {
            this.n = n;
        }

        @Override
        public void open(OpenContext ctx) {
            payloads = LakeBench.records(n);
        }

        @Override
        public RawRecord map(Long index) {
            if (!started) {
                started = true;
                started(getRuntimeContext(), payloads);
            }
            return record(payloads, index.intValue());
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    /**
     * The sample records from a legacy source function, emitted as the Kinesis consumer emits them:
     * one at a time under the checkpoint lock, from the source's own thread.
     */
    static final class PregeneratedSource extends RichParallelSourceFunction<RawRecord>
            implements ResultTypeQueryable<RawRecord> {
        private final int n;
        private volatile boolean running = true;

        PregeneratedSource(int n) {
            this.n = n;
        }

        @Override
        public void run(SourceContext<RawRecord> ctx) {
            byte[][] payloads = LakeBench.records(n);
            started(getRuntimeContext(), payloads);
            for (int i = 0; i < n && running; i++) {
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collect(record(payloads, i));
                }
            }
        }

        @Override
        public void cancel() {
            running = false;
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    /** Samples the used heap every 20 ms; the peak is what the JVM held, garbage included. */
    static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final java.util.concurrent.ConcurrentHashMap<Long, Long> taskCpu =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private HeapWatch() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread =
                    new Thread(
                            () -> {
                                while (running.get()) {
                                    peak.accumulateAndGet(
                                            memory.getHeapMemoryUsage().getUsed(), Math::max);
                                    for (java.lang.management.ThreadInfo t :
                                            THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                                        if (t != null && isTaskThread(t.getThreadName())) {
                                            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
                                            if (cpu > 0)
                                                taskCpu.merge(t.getThreadId(), cpu, Math::max);
                                        }
                                    }
                                    try {
                                        Thread.sleep(20);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "heap-watch");
            thread.setDaemon(true);
        }

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            w.thread.start();
            return w;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long peak() {
            return peak.get();
        }

        /** The job's own threads: a task's, and a legacy source's, which runs beside its task. */
        private static boolean isTaskThread(String name) {
            return name.contains(" (1/1)#") || name.startsWith("Legacy Source Thread");
        }

        /** CPU time of the job's task threads, summed; each up to 20 ms short at the end. */
        long taskCpuNanos() {
            long total = 0;
            for (long v : taskCpu.values()) total += v;
            return total;
        }
    }

    /** The 1-minute load average, for the figures' context. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
