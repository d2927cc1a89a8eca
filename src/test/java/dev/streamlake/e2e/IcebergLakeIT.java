package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.BatchesAroundAFailure;
import dev.streamlake.e2e.support.FailOnceIo;
import dev.streamlake.e2e.support.HandMade;
import dev.streamlake.e2e.support.IcebergLake;
import dev.streamlake.e2e.support.KinesisFixture;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.e2e.support.Listening;
import dev.streamlake.e2e.support.MiniClusterJob;
import dev.streamlake.e2e.support.S3Fixture;
import dev.streamlake.e2e.support.TestCluster;
import dev.streamlake.job.config.IcebergOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.LakeOptions.Format;
import dev.streamlake.job.config.ValidationOptions;
import dev.streamlake.job.pipeline.KinesisLakeIo;
import dev.streamlake.job.pipeline.LakePipeline;
import dev.streamlake.job.sink.IcebergTables;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.LocalPostgres;
import dev.streamlake.tools.local.LocalS3;
import dev.streamlake.udfs.lake.LakeLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFilesActionResult;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.actions.Actions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.events.format=iceberg} and {@code lake.errors.format=iceberg} end to end against real
 * peers: kinesis-local and the producer feed the job on a MiniCluster, which writes Iceberg tables
 * registered in Iceberg's JDBC catalog on a real PostgreSQL (Debian's, started and stopped here by
 * PID on a free loopback port, its own data directory); rows are read back through Iceberg's own
 * reader ({@link IcebergLake}).
 */
class IcebergLakeIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestCluster.extension();

    @RegisterExtension static final KinesisFixture kinesis = KinesisFixture.perClass();

    @TempDir static Path work;
    static LocalPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres =
                LocalPostgres.start(
                        FreePorts.loopback(), work.resolve("pg"), work.resolve("postgres.log"));
        Listening.assertLoopbackOnly(postgres.pid(), "PostgreSQL");
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            assertThat(postgres.isAlive()).as("PostgreSQL stopped").isFalse();
        }
    }

    @Test
    void everyRecordLandsExactlyOnceInTheIcebergTablesAcrossAnInjectedFailure(@TempDir Path tmp)
            throws Exception {
        String stream = kinesis.createStream("readings-iceberg", 2);
        Ledger fx = new Ledger(18, System.currentTimeMillis());
        BatchesAroundAFailure batches = BatchesAroundAFailure.of(fx, 400);

        Path lakeDir = tmp.resolve("lake");
        JobConfig cfg = config(stream, lakeDir, "iceberg_it");
        IcebergLake lake = lake(cfg);
        StreamExecutionEnvironment env = TestCluster.environment(2);
        String run = "run-" + System.nanoTime();
        LakePipeline.wire(env, new FailOnceIo(cfg, BatchesAroundAFailure.MARKER, run), cfg);
        assertThat(lake.exists(LakeLayout.EVENTS))
                .as("tables created when the job is built")
                .isTrue();
        MiniClusterJob job = MiniClusterJob.submit(FLINK, env, "iceberg-lake-it");

        kinesis.send(stream, batches.first());
        // A checkpoint has committed a snapshot before the failure, so the restart must not repeat
        // it.
        Await.until(
                "a first checkpoint commits a snapshot",
                () -> refreshed(lake).currentSnapshot() != null,
                () -> "no snapshot");
        kinesis.send(stream, batches.second());

        fx.awaitLanded(lake);
        String savepoint = job.stopWithSavepoint(tmp);

        assertThat(FailOnceIo.injected(run)).as("failures injected").isEqualTo(1);
        fx.assertExactlyOnce(
                lake,
                "task failure mid-stream, Iceberg tables (JDBC catalog on PostgreSQL)",
                "fails once on a marked record after a snapshot was committed; read back through Iceberg's reader");

        Table events = refreshed(lake);
        assertThat(events.spec().fields())
                .singleElement()
                .satisfies(f -> assertThat(f.transform().toString()).isEqualTo("hour"));
        assertThat(events.schema().findField("event_time").type().toString())
                .isEqualTo("timestamp");
        // One commit per checkpoint, each recording the checkpoint it came from.
        List<Snapshot> snapshots = new ArrayList<>();
        events.snapshots().forEach(snapshots::add);
        assertThat(snapshots)
                .hasSizeGreaterThan(1)
                .allSatisfy(
                        s ->
                                assertThat(s.summary())
                                        .containsKey("flink.max-committed-checkpoint-id"));
        assertThat(
                        snapshots.stream()
                                .map(s -> s.summary().get("flink.max-committed-checkpoint-id"))
                                .distinct()
                                .count())
                .isEqualTo(snapshots.size());
        assertThat(events.currentSnapshot().allManifests(events.io())).isNotEmpty();
        assertThat(List.copyOf(lake.read(LakeLayout.EVENTS)))
                .allSatisfy(
                        r -> assertThat(r.file().getFileName().toString()).endsWith(".parquet"));

        schemaEvolutionFromTheSavepoint(tmp, stream, fx, lake, savepoint);
        maintenanceKeepsEveryRowExactlyOnce(fx, lake);
    }

    /**
     * An optional column added to the schema file, the job restarted from its savepoint: the table
     * gains the column before the job writes, rows written before read it as null, new rows hold
     * it.
     */
    private static void schemaEvolutionFromTheSavepoint(
            Path tmp, String stream, Ledger fx, IcebergLake lake, String savepoint)
            throws Exception {
        String schema =
                Files.readString(
                        Path.of(
                                System.getProperty("project.root", "../.."),
                                "conf/schemas/sensor-readings.json"));
        Path evolved = tmp.resolve("sensor-readings-with-channel.json");
        Files.writeString(
                evolved,
                schema.replace(
                        "\"columns\": [",
                        "\"columns\": [\n"
                                + "    {\"name\": \"channel\", \"type\": \"string\", \"description\": \"Radio channel (added later).\"},"));
        JobConfig cfg =
                config(
                        stream,
                        tmp.resolve("lake"),
                        "iceberg_it",
                        Map.of(ValidationOptions.SCHEMA.key(), evolved.toString()));
        Set<String> before = ids(lake.read(LakeLayout.EVENTS));

        Configuration restore = new Configuration();
        restore.setString("execution.savepoint.path", savepoint);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        LakePipeline.wire(env, new KinesisLakeIo(cfg), cfg);
        assertThat(refreshed(lake).schema().findField("channel"))
                .as("column added at start")
                .isNotNull();
        MiniClusterJob job = MiniClusterJob.submit(FLINK, env, "iceberg-lake-it-evolved");
        List<byte[]> more = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "hm-evolved-" + i;
            long t = fx.now() - i * 60_000L;
            fx.expect(id, LakeLayout.partitionOf(t));
            more.add(
                    Ledger.reading(
                                    id,
                                    "\"" + Instant.ofEpochMilli(t) + "\"",
                                    ",\"channel\":\"ch-" + i + "\"",
                                    3300)
                            .getBytes(StandardCharsets.UTF_8));
        }
        kinesis.send(stream, more);
        fx.awaitLanded(lake);
        job.cancel();

        fx.assertExactlyOnce(lake, null, "");
        for (LakeRow r : lake.read(LakeLayout.EVENTS)) {
            String id = r.text("reading_id");
            if (before.contains(id)) {
                assertThat(r.row().has("channel"))
                        .as("old row " + id + " reads the new column as null")
                        .isFalse();
            } else {
                assertThat(r.text("channel"))
                        .as(id)
                        .isEqualTo("ch-" + id.substring("hm-evolved-".length()));
            }
        }
    }

    /**
     * Iceberg's Flink action rewrites the small files of each checkpoint into few, and snapshot
     * expiry drops the old snapshots and their files: the table holds the same rows exactly once.
     */
    private static void maintenanceKeepsEveryRowExactlyOnce(Ledger fx, IcebergLake lake)
            throws Exception {
        Table events = refreshed(lake);
        int filesBefore = dataFiles(events);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        RewriteDataFilesActionResult result =
                Actions.forTable(env, events).rewriteDataFiles().execute();
        assertThat(result.deletedDataFiles()).isNotEmpty();
        events.refresh();
        assertThat(dataFiles(events)).isLessThan(filesBefore);
        events.expireSnapshots()
                .expireOlderThan(System.currentTimeMillis() + 1)
                .retainLast(1)
                .commit();
        events.refresh();
        List<Snapshot> snapshots = new ArrayList<>();
        events.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(1);
        fx.assertExactlyOnce(lake, null, "");
    }

    private static int dataFiles(Table table) throws Exception {
        int n = 0;
        try (var tasks = table.newScan().planFiles()) {
            for (var ignored : tasks) n++;
        }
        return n;
    }

    private static Set<String> ids(List<LakeRow> rows) {
        Set<String> ids = new HashSet<>();
        for (LakeRow r : rows) ids.add(r.text("reading_id"));
        return ids;
    }

    /**
     * The lake on S3 (s3proxy, a real S3 API server, on a free loopback port): Iceberg's S3FileIO
     * writes the data and metadata files with the {@code lake.s3.*} settings, and reads them back.
     * A bounded in-memory source, checkpointed, which ends: so every record must be there, the ones
     * after the last checkpoint before the end of input too (committed by the final checkpoint:
     * {@code EndOfInputAggregator}; before it, they were missing). The Kinesis path is the test
     * above.
     */
    @Test
    void onS3TheTablesFilesGoThroughS3FileIO(@TempDir Path tmp) throws Exception {
        try (LocalS3 s3 = S3Fixture.start(tmp, "lake")) {
            Ledger fx = new Ledger(19, System.currentTimeMillis());
            List<byte[]> payloads = fx.generated(300);
            payloads.addAll(HandMade.records(fx));
            Map<String, String> onS3 = new HashMap<>(S3Fixture.jobSettings(s3.endpoint()));
            onS3.put(LakeOptions.PATH.key(), "s3://lake/iceberg");
            JobConfig cfg = config("fixture", tmp.resolve("unused"), "iceberg_s3", onS3);
            StreamExecutionEnvironment env = TestCluster.environment(2);
            LakePipeline.wire(
                    env, new LakeFormatsIT.FixtureIo(cfg, payloads, fx.now(), null, 0), cfg);
            env.execute("iceberg-on-s3");

            IcebergLake lake = lake(cfg);
            // Every record exactly once, in events or errors, or dropped on purpose (read back
            // through S3FileIO).
            fx.assertExactlyOnce(lake, null, "");
            assertThat(refreshed(lake).location()).isEqualTo("s3://lake/iceberg/events");
            try (var objects = Files.walk(tmp.resolve("s3/lake/iceberg/events"))) {
                assertThat(objects.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.endsWith(".parquet"))
                        .anyMatch(n -> n.endsWith(".metadata.json"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    private static Table refreshed(IcebergLake lake) {
        Table t = lake.table(LakeLayout.EVENTS);
        t.refresh();
        return t;
    }

    /** KinesisToLakeIT's job settings, both tables Iceberg in the JDBC catalog. */
    static JobConfig config(String stream, Path lake, String database) {
        return config(stream, lake, database, Map.of());
    }

    /** As above, then {@code more} (settings as keys and their text) on top. */
    static JobConfig config(String stream, Path lake, String database, Map<String, String> more) {
        return HandMade.settings(kinesis.settings(stream))
                .set(LakeOptions.PATH, lake.toUri().toString())
                .set(LakeOptions.EVENTS_FORMAT, Format.ICEBERG)
                .set(LakeOptions.ERRORS_FORMAT, Format.ICEBERG)
                .set(IcebergOptions.CATALOG, IcebergOptions.Catalog.JDBC)
                .set(IcebergOptions.JDBC_URI, postgres.jdbcUri())
                .set(IcebergOptions.DATABASE, database)
                .setAll(more)
                .config();
    }

    static IcebergLake lake(JobConfig cfg) {
        Catalog catalog =
                IcebergTables.catalog(cfg.iceberg(), cfg.lakePath(), cfg.s3()).loadCatalog();
        return new IcebergLake(catalog, cfg.iceberg().database(), Set.of("attributes"));
    }
}
