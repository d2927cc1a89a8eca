package dev.streamlake.job.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.streamlake.job.config.FirehoseLambdaConfig;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.firehose.FirehoseLambda;
import dev.streamlake.job.firehose.PassThroughHandlers;
import dev.streamlake.udfs.lake.RowEncoder;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.transform.RecordTransform;
import dev.streamlake.udfs.transform.TransformResult;
import dev.streamlake.udfs.validate.RecordValidator;
import dev.streamlake.udfs.validate.Validated;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.types.Row;

/**
 * The pipeline's own stages without Flink, on one thread over the harness's records: validate
 * (parse included), transform, encode a row as JSON text (the row encoder alone), and the encode
 * step before the sink as the job runs it ({@code TableEncoder}: the checks of every value and the
 * line's bytes, or the Parquet values). The best of several rounds, in CPU nanoseconds and
 * allocated bytes per record; what the JFR profile of {@link LakeBench} says in shares, this says
 * in time, and it is steady enough to compare two versions of a stage.
 */
final class StageCosts {
    private static final com.sun.management.ThreadMXBean THREAD =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    final double validateNanos;
    final double transformNanos;
    final double encodeNanos;
    final long validateBytes;
    final double jsonStepNanos;
    final double parquetStepNanos;

    /**
     * The Firehose Lambda adapter around a handler that does nothing: library types, and JSON maps.
     */
    final double lambdaNanos;

    final double lambdaJsonNanos;

    private StageCosts(
            double validate,
            double transform,
            double encode,
            long validateBytes,
            double jsonStep,
            double parquetStep,
            double lambda,
            double lambdaJson) {
        this.validateNanos = validate;
        this.transformNanos = transform;
        this.encodeNanos = encode;
        this.validateBytes = validateBytes;
        this.jsonStepNanos = jsonStep;
        this.parquetStepNanos = parquetStep;
        this.lambdaNanos = lambda;
        this.lambdaJsonNanos = lambdaJson;
    }

    static StageCosts measure(int n, int rounds) throws IOException {
        JobConfig cfg = LakeBench.config(java.nio.file.Path.of("unused"), Map.of());
        byte[][] payloads = LakeBench.records(n);
        RawRecord[] raws = new RawRecord[n];
        for (int i = 0; i < n; i++) raws[i] = LakeBench.record(payloads, i);
        RecordValidator validator = new RecordValidator(cfg.schema(), cfg.validationRules());
        RecordTransform transform = cfg.transform();
        transform.open(cfg.schema());
        List<Row> rows = new ArrayList<>(n);
        for (RawRecord r : raws) {
            Validated v = validator.validate(r);
            if (v.isOk() && transform.apply(v.row()).outcome() == TransformResult.Outcome.OK)
                rows.add(v.row());
        }
        RowEncoder encoder = new RowEncoder(cfg.schema());
        JsonFactory json =
                JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

        long validate = Long.MAX_VALUE;
        long transformed = Long.MAX_VALUE;
        long encode = Long.MAX_VALUE;
        long allocated = Long.MAX_VALUE;
        long jsonStep = Long.MAX_VALUE;
        long parquetStep = Long.MAX_VALUE;
        long lambda = Long.MAX_VALUE;
        long lambdaJson = Long.MAX_VALUE;
        FirehoseLambda library = passThrough(PassThroughHandlers.Library.class);
        FirehoseLambda maps = passThrough(PassThroughHandlers.Json.class);
        List<List<RawRecord>> batches = new ArrayList<>();
        for (int i = 0; i < n; i += LAMBDA_BATCH)
            batches.add(Arrays.asList(raws).subList(i, Math.min(n, i + LAMBDA_BATCH)));
        long[] okBytes = {0};
        FirehoseLambda.Results count =
                new FirehoseLambda.Results() {
                    @Override
                    public void ok(RawRecord original, byte[] data) {
                        okBytes[0] += data.length;
                    }

                    @Override
                    public void dropped(RawRecord original) {
                        throw new IllegalStateException("dropped");
                    }

                    @Override
                    public void failed(RawRecord original, String reason) {
                        throw new IllegalStateException(reason);
                    }
                };
        dev.streamlake.job.sink.TableEncoder<Row> lines =
                dev.streamlake.job.sink.LakeSinks.rowEncoder(
                        cfg.eventsSchema(), dev.streamlake.job.config.TableFiles.jsonGzip(6));
        dev.streamlake.job.sink.TableEncoder<Row> values =
                dev.streamlake.job.sink.LakeSinks.rowEncoder(
                        cfg.eventsSchema(),
                        dev.streamlake.job.config.TableFiles.parquet(
                                dev.streamlake.job.config.LakeOptions.ParquetCompression.SNAPPY));
        for (int round = 0; round < rounds; round++) {
            long bytes = allocatedBytes();
            long t0 = THREAD.getCurrentThreadCpuTime();
            int ok = 0;
            for (RawRecord r : raws) {
                if (validator.validate(r).isOk()) ok++;
            }
            long t1 = THREAD.getCurrentThreadCpuTime();
            allocated = Math.min(allocated, allocatedBytes() - bytes);
            // Masking an already masked value costs the same; no row is dropped twice.
            for (Row row : rows) transform.apply(row);
            long t2 = THREAD.getCurrentThreadCpuTime();
            try (JsonGenerator out = json.createGenerator(OutputStream.nullOutputStream())) {
                out.setRootValueSeparator(null);
                for (Row row : rows) {
                    encoder.write(row, out);
                    out.writeRaw('\n');
                }
            }
            long t3 = THREAD.getCurrentThreadCpuTime();
            long sink = 0;
            try {
                for (Row row : rows) sink += lines.encode(row).line().length;
                long t4 = THREAD.getCurrentThreadCpuTime();
                for (Row row : rows) sink += values.encode(row).values().length;
                long t5 = THREAD.getCurrentThreadCpuTime();
                jsonStep = Math.min(jsonStep, t4 - t3);
                parquetStep = Math.min(parquetStep, t5 - t4);
            } catch (dev.streamlake.job.sink.EncodingException e) {
                throw new IllegalStateException("a sample row did not encode: " + e.getMessage());
            }
            long t6 = THREAD.getCurrentThreadCpuTime();
            for (List<RawRecord> batch : batches) library.invoke(batch, count);
            long t7 = THREAD.getCurrentThreadCpuTime();
            for (List<RawRecord> batch : batches) maps.invoke(batch, count);
            long t8 = THREAD.getCurrentThreadCpuTime();
            lambda = Math.min(lambda, t7 - t6);
            lambdaJson = Math.min(lambdaJson, t8 - t7);
            if (ok == 0 || sink == 0 || okBytes[0] == 0)
                throw new IllegalStateException("no valid record");
            validate = Math.min(validate, t1 - t0);
            transformed = Math.min(transformed, t2 - t1);
            encode = Math.min(encode, t3 - t2);
        }
        return new StageCosts(
                (double) validate / n,
                (double) transformed / n,
                (double) encode / n,
                allocated / n,
                (double) jsonStep / n,
                (double) parquetStep / n,
                (double) lambda / n,
                (double) lambdaJson / n);
    }

    /** Records per invocation in the Lambda rows: about 1 MB of the harness's records. */
    static final int LAMBDA_BATCH = 3_000;

    private static FirehoseLambda passThrough(Class<?> handler) {
        return FirehoseLambda.load(
                new FirehoseLambdaConfig(
                        handler.getName(),
                        MemorySize.parse("1 mb"),
                        LAMBDA_BATCH,
                        Duration.ofMinutes(1),
                        0,
                        Duration.ofMinutes(5),
                        ""),
                StageCosts.class.getClassLoader());
    }

    private static long allocatedBytes() {
        return THREAD.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "| validate (parse included) | %.0f ns | %d bytes allocated |%n| transform | %.0f ns | |%n| encode | %.0f ns | |%n"
                        + "| encode step, JSON (checks + line bytes) | %.0f ns | |%n| encode step, Parquet (checks + values) | %.0f ns | |%n"
                        + "| Firehose Lambda adapter, KinesisFirehoseEvent handler (pass-through) | %.0f ns | %d records per invocation |%n"
                        + "| Firehose Lambda adapter, Map (JSON) handler (pass-through) | %.0f ns | %d records per invocation |",
                validateNanos,
                validateBytes,
                transformNanos,
                encodeNanos,
                jsonStepNanos,
                parquetStepNanos,
                lambdaNanos,
                LAMBDA_BATCH,
                lambdaJsonNanos,
                LAMBDA_BATCH);
    }
}
