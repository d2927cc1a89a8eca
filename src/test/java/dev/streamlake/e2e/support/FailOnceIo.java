package dev.streamlake.e2e.support;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.udfs.record.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Production I/O with one injected task failure: the task's first attempt throws when a record
 * holding the marker passes; the restarted attempts let it through. Records seen and failures
 * injected are counted per run in this JVM (the MiniCluster's), for the test to read while and
 * after the job runs.
 */
public final class FailOnceIo extends KinesisLakeIo {
    private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();
    private static final Map<String, Integer> INJECTED = new ConcurrentHashMap<>();

    private final String marker;
    private final String run;

    public FailOnceIo(JobConfig cfg, String marker, String run) {
        super(cfg);
        this.marker = marker;
        this.run = run;
    }

    /** Records that reached the failing step in {@code run}, repeats after the restart included. */
    public static int seen(String run) {
        return SEEN.getOrDefault(run, 0);
    }

    /** Failures injected in {@code run}. */
    public static int injected(String run) {
        return INJECTED.getOrDefault(run, 0);
    }

    @Override
    public DataStream<RawRecord> records(StreamExecutionEnvironment env) {
        return super.records(env)
                .map(new FailOnce(marker, run))
                .uid("inject-failure")
                .name("Inject failure");
    }

    private static final class FailOnce extends RichMapFunction<RawRecord, RawRecord> {
        private final String marker;
        private final String run;

        FailOnce(String marker, String run) {
            this.marker = marker;
            this.run = run;
        }

        @Override
        public RawRecord map(RawRecord r) {
            SEEN.merge(run, 1, Integer::sum);
            boolean firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
            if (firstAttempt
                    && new String(r.payload, StandardCharsets.ISO_8859_1).contains(marker)) {
                INJECTED.merge(run, 1, Integer::sum);
                throw new IllegalStateException("injected failure at " + marker);
            }
            return r;
        }
    }
}
