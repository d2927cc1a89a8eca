package dev.streamlake.tools.ddl;

import static dev.streamlake.job.config.JobSettings.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.job.config.HotspotsConfig;
import dev.streamlake.job.config.HotspotsOptions;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.JobSettings;
import dev.streamlake.job.config.JobSettings.Setting;
import dev.streamlake.job.config.ScoreOutputOptions;
import dev.streamlake.job.config.ScoreOutputs;
import dev.streamlake.job.config.ScoringConfig;
import dev.streamlake.job.config.ScoringOptions;
import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AthenaDdlTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DDL_DIR = ROOT.resolve("sql/athena-ddl");
    private static final TableSchema SCHEMA =
            TableSchema.load(ROOT.resolve(AthenaDdlCli.DEFAULT_SCHEMA));

    /** The local run's configuration (scoring on), which the checked-in DDL is generated for. */
    private static final JobConfig LOCAL =
            JobConfig.fromPropertyGroups(
                    JobConfig.readPropertyGroups(ROOT.resolve(AthenaDdlCli.DEFAULT_CONFIG)));

    /** The tables of the local run's configuration with these settings over it. */
    private static AthenaDdl localDdlWith(Setting... settings) {
        Map<String, String> local =
                new HashMap<>(
                        JobConfig.flatten(
                                JobConfig.readPropertyGroups(
                                        ROOT.resolve(AthenaDdlCli.DEFAULT_CONFIG))));
        return new AthenaDdl(SCHEMA, "x.json")
                .forJob(JobConfig.fromMap(JobSettings.with(local, settings)));
    }

    private static final AthenaDdl DDL =
            new AthenaDdl(SCHEMA, "conf/schemas/sensor-readings.json").forJob(LOCAL);

    /**
     * The checked-in files are exactly the generator's output: regenerate with README's command.
     */
    @Test
    void checkedInDdlIsTheGeneratorsOutput() throws IOException {
        Map<String, String> generated = DDL.files();
        for (Map.Entry<String, String> f : generated.entrySet()) {
            Path file = DDL_DIR.resolve(f.getKey());
            assertThat(file).as(f.getKey() + " is missing; run the athena-ddl command").exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(
                            f.getKey()
                                    + " differs from the generator's output; run the athena-ddl command")
                    .isEqualTo(f.getValue());
        }
        TreeSet<String> checkedIn;
        try (Stream<Path> files = Files.walk(DDL_DIR)) {
            checkedIn =
                    files.filter(p -> p.toString().endsWith(".sql"))
                            .map(p -> DDL_DIR.relativize(p).toString().replace('\\', '/'))
                            .filter(p -> !p.startsWith("queries/"))
                            .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(checkedIn)
                .as("DDL files that the generator does not write (stale?)")
                .isEqualTo(new TreeSet<>(generated.keySet()));
    }

    @Test
    void theCliWritesTheSameFiles(@TempDir Path out) throws IOException {
        int code =
                new CommandLine(new AthenaDdlCli())
                        .execute(
                                "--schema",
                                ROOT.resolve(AthenaDdlCli.DEFAULT_SCHEMA).toString(),
                                "--config",
                                ROOT.resolve(AthenaDdlCli.DEFAULT_CONFIG).toString(),
                                "--out",
                                out.toString());
        assertThat(code).isZero();
        for (Map.Entry<String, String> f : DDL.files().entrySet()) {
            assertThat(Files.readString(out.resolve(f.getKey()))).isEqualTo(f.getValue());
        }
    }

    @Test
    void tablesHaveTheColumnsTheJobWrites() {
        assertThat(LOCAL.scoring().enabled()).as("the local run scores").isTrue();
        Map<String, String> events = DDL.events().columnTypes();
        assertThat(events.keySet())
                .as("the events rows of the local run")
                .containsExactlyElementsOf(
                        LOCAL.eventsSchema().columns().stream()
                                .map(Column::name)
                                .collect(Collectors.toList()));
        assertThat(events)
                .containsEntry("event_time", "timestamp")
                .containsEntry("attributes", "string")
                .containsEntry("battery_mv", "int")
                .containsEntry("seq", "bigint")
                .containsEntry(ScoringConfig.SCORE_COLUMN, "double")
                .containsEntry(ScoringConfig.EXPLANATION_COLUMN, "string");
        assertThat(DDL.errors().columnTypes().keySet())
                .containsExactly(
                        Stream.of(FailedRecordEncoder.COLUMNS)
                                .map(c -> c[0])
                                .toArray(String[]::new));
        assertThat(DDL.anomalies().columnTypes().keySet())
                .as("anomalies rows are the scored rows (events before hotspot detection)")
                .containsExactlyElementsOf(
                        LOCAL.scoredSchema().columns().stream()
                                .map(Column::name)
                                .collect(Collectors.toList()));
        assertThat(events.keySet()).endsWith(HotspotsConfig.RESULT_COLUMN);
        assertThat(DDL.createProjected(DDL.events())).contains("`anomaly_score` double COMMENT");
    }

    @Test
    void withoutScoringTheEventsTableHasTheDeclaredColumnsOnly() {
        AthenaDdl off =
                localDdlWith(
                        set(ScoringOptions.ENABLED, "false"),
                        set(HotspotsOptions.ENABLED, "false"));
        assertThat(off.events().columnTypes().keySet())
                .containsExactlyElementsOf(
                        SCHEMA.columns().stream().map(Column::name).collect(Collectors.toList()));
        List<String> scoreColumns =
                ScoreOutputs.defaults().columns().stream()
                        .map(Column::name)
                        .collect(Collectors.toList());
        assertThat(off.anomalies().columnTypes().keySet())
                .endsWith(scoreColumns.toArray(String[]::new))
                .hasSize(SCHEMA.size() + scoreColumns.size());
    }

    @Test
    void withTrcfOutputsBothScoredTablesEndWithTheirColumns() {
        AthenaDdl trcf =
                localDdlWith(
                        set(ScoreOutputOptions.TRCF_OUTPUTS, "true"),
                        set(HotspotsOptions.ENABLED, "false"));
        for (AthenaDdl.Table t : List.of(trcf.events(), trcf.anomalies())) {
            assertThat(t.columnTypes()).hasSize(SCHEMA.size() + 5);
            assertThat(
                            List.copyOf(t.columnTypes().entrySet())
                                    .subList(SCHEMA.size(), SCHEMA.size() + 5))
                    .extracting(e -> e.getKey() + " " + e.getValue())
                    .containsExactly(
                            "anomaly_score double",
                            "anomaly_explanation string",
                            "anomaly_grade double",
                            "anomaly_expected string",
                            "anomaly_relative_index int");
        }
    }

    @Test
    void projectionFollowsTheLakeLayout() {
        String events = DDL.createProjected(DDL.events());
        assertThat(events)
                .contains("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'")
                .contains("PARTITIONED BY (`dt` string")
                .contains("'projection.dt.format' = '" + LakeLayout.DT_FORMAT + "'")
                .contains("'projection.dt.range' = '2026-01-01-00,NOW'")
                .contains("'projection.dt.interval.unit' = 'HOURS'")
                .contains(
                        "'storage.location.template' = 's3://YOUR-BUCKET/lake/"
                                + LakeLayout.EVENTS
                                + "/"
                                + LakeLayout.TEMPLATE
                                + "'")
                .contains("LOCATION 's3://YOUR-BUCKET/lake/events/'");
        assertThat(DDL.createPlain(DDL.errors()))
                .doesNotContain("projection")
                .contains("LOCATION 's3://YOUR-BUCKET/lake/errors/'");
        assertThat(DDL.partitions())
                .contains("MSCK REPAIR TABLE streamlake.events;")
                .contains(
                        "ALTER TABLE streamlake.errors ADD IF NOT EXISTS PARTITION (dt = '2026-11-27-09')");
    }

    @Test
    void theParquetVariantHasTheSameColumnsAndProjectionStoredAsParquet() {
        for (AthenaDdl.Table t : DDL.tables()) {
            String json = DDL.createProjected(t);
            String parquet = DDL.createParquet(t);
            assertThat(parquet)
                    .contains("STORED AS PARQUET")
                    .doesNotContain("SERDE")
                    .doesNotContain("TextInputFormat");
            // Columns, partition and projection are the JSON table's: only the storage differs.
            assertThat(
                            parquet.substring(
                                    parquet.indexOf("CREATE"),
                                    parquet.indexOf("STORED AS PARQUET")))
                    .isEqualTo(
                            json.substring(
                                    json.indexOf("CREATE"), json.indexOf("ROW FORMAT SERDE")));
            assertThat(parquet.substring(parquet.indexOf("LOCATION")))
                    .isEqualTo(json.substring(json.indexOf("LOCATION")));
        }
    }

    @Test
    void locationDatabaseAndProjectionStartAreSettings() {
        AthenaDdl mine =
                new AthenaDdl(SCHEMA, "x.json", "iot_lake", "s3://my-bucket/data/", "NOW-30DAYS");
        String ddl = mine.createProjected(mine.events());
        assertThat(ddl)
                .contains("CREATE EXTERNAL TABLE IF NOT EXISTS iot_lake.events (")
                .contains("'projection.dt.range' = 'NOW-30DAYS,NOW'")
                .contains("'storage.location.template' = 's3://my-bucket/data/events/dt=${dt}'")
                .doesNotContain("YOUR-BUCKET");
    }

    @Test
    void rejectsBadSettingsNamingTheFlag() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AthenaDdl(SCHEMA, "x", "Stream-Lake", "s3://b/l", "NOW"))
                .withMessageStartingWith("--database");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AthenaDdl(SCHEMA, "x", "db", "/tmp/lake", "NOW"))
                .withMessageStartingWith("--location");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AthenaDdl(SCHEMA, "x", "db", "s3://b/l", "2026-01-01"))
                .withMessageStartingWith("--projection-start");
    }
}
