package dev.streamlake.job.config;

import static dev.streamlake.job.config.JobSettings.minimal;
import static dev.streamlake.job.config.JobSettings.minimalWith;
import static dev.streamlake.job.config.JobSettings.minimalWithout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.streamlake.job.config.SourceOptions.InitialPosition;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.udfs.record.RawRecord;
import dev.streamlake.udfs.validate.RecordValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    private static final Path LOCAL_PROPERTIES =
            Path.of("../conf/application-properties-local.json");
    private static final String SCHEMA_FILE = "../conf/schemas/sensor-readings.json";

    @Test
    void acceptsMinimalConfigWithDefaults() {
        JobConfig cfg = JobConfig.fromMap(minimal());

        assertThat(cfg.streamName()).isEqualTo("sensor-readings");
        assertThat(cfg.region()).isEqualTo("eu-west-1");
        assertThat(cfg.endpoint()).isEmpty();
        assertThat(cfg.lakePath()).isEqualTo("s3://my-bucket/lake");
        assertThat(cfg.initialPosition()).isEqualTo(InitialPosition.LATEST);
        assertThat(cfg.initialTimestamp()).isEmpty();
        assertThat(cfg.reader()).isEqualTo(Reader.POLLING);
        assertThat(cfg.gzipLevel()).isEqualTo(6);
        assertThat(cfg.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cfg.schema().column(cfg.schema().keyIndex()).name())
                .isEqualTo("device_id"); // classpath schema
        assertThat(cfg.validationRules().maxRecordBytes()).isEqualTo(1 << 20);
        assertThat(cfg.validationRules().castToSchema()).isFalse();
        assertThat(cfg.transform().size()).isZero();
    }

    @Test
    void listsEffectiveValuesIncludingDefaults() {
        Map<String, String> values = JobConfig.fromMap(minimal()).toMap();

        assertThat(values)
                .containsEntry(SourceOptions.STREAM.key(), "sensor-readings")
                .containsEntry(LakeOptions.GZIP_LEVEL.key(), "6")
                .containsEntry(SourceOptions.READER.key(), "POLLING")
                .doesNotContainKey(SourceOptions.ENDPOINT.key());
    }

    @Test
    void rejectsUnknownKeyByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWith("source.strem", "x")))
                .withMessageStartingWith("source.strem: unknown key");
    }

    @Test
    void rejectsMissingStream() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWithout(SourceOptions.STREAM.key())))
                .withMessage("source.stream: not set (required)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWith(SourceOptions.STREAM.key(), " ")))
                .withMessage("source.stream: not set (required)");
    }

    @Test
    void rejectsMissingRegionForPlainStreamName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWithout(SourceOptions.REGION.key())))
                .withMessage("source.region: not set (required)");
    }

    @Test
    void rejectsMissingLakePath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWithout(LakeOptions.PATH.key())))
                .withMessage("lake.path: not set (required)");
    }

    @Test
    void takesStreamNameAndRegionFromArn() {
        Map<String, String> m = minimalWithout(SourceOptions.REGION.key());
        m.put(
                SourceOptions.STREAM.key(),
                "arn:aws:kinesis:ap-southeast-2:123456789012:stream/sensor-readings.v2");

        JobConfig cfg = JobConfig.fromMap(m);

        assertThat(cfg.streamName()).isEqualTo("sensor-readings.v2");
        assertThat(cfg.region()).isEqualTo("ap-southeast-2");
    }

    @Test
    void acceptsArnOfOtherPartitions() {
        Map<String, String> m = minimalWithout(SourceOptions.REGION.key());
        m.put(SourceOptions.STREAM.key(), "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s");

        assertThat(JobConfig.fromMap(m).region()).isEqualTo("cn-north-1");
    }

    @Test
    void rejectsBadArnNamingTheKey() {
        for (String arn :
                new String[] {
                    "arn:aws:kinesis:eu-west-1:1234:stream/s", // short account id
                    "arn:aws:sqs:eu-west-1:123456789012:queue",
                    "arn:aws:kinesis:eu-west-1:123456789012:stream/"
                }) {
            assertThatIllegalArgumentException()
                    .isThrownBy(
                            () -> JobConfig.fromMap(minimalWith(SourceOptions.STREAM.key(), arn)))
                    .withMessage("source.stream: '" + arn + "' is not a Kinesis stream ARN");
        }
    }

    @Test
    void atTimestampNeedsInitialTimestamp() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                SourceOptions.INITIAL_POSITION.key(),
                                                "AT_TIMESTAMP")))
                .withMessage("source.initial-timestamp: required with AT_TIMESTAMP");
    }

    @Test
    void atTimestampReadsIsoInstant() {
        Map<String, String> m = minimalWith(SourceOptions.INITIAL_POSITION.key(), "AT_TIMESTAMP");
        m.put(SourceOptions.INITIAL_TIMESTAMP.key(), "2026-11-27T09:00:00.250Z");

        assertThat(JobConfig.fromMap(m).initialTimestamp())
                .contains(Instant.parse("2026-11-27T09:00:00.250Z"));
    }

    @Test
    void rejectsUnreadableInitialTimestamp() {
        Map<String, String> m = minimalWith(SourceOptions.INITIAL_POSITION.key(), "AT_TIMESTAMP");
        m.put(SourceOptions.INITIAL_TIMESTAMP.key(), "yesterday");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(m))
                .withMessageStartingWith(
                        "source.initial-timestamp: 'yesterday' is not an ISO-8601 instant");
    }

    @Test
    void rejectsInitialTimestampWithoutAtTimestamp() {
        Map<String, String> m =
                minimalWith(SourceOptions.INITIAL_TIMESTAMP.key(), "2026-11-27T09:00:00Z");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(m))
                .withMessage(
                        "source.initial-timestamp: only used with source.initial-position=AT_TIMESTAMP");
    }

    @Test
    void rejectsBadEnumValueNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> JobConfig.fromMap(minimalWith(SourceOptions.READER.key(), "FANOUT")))
                .withMessage("source.reader: invalid value 'FANOUT'");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                SourceOptions.INITIAL_POSITION.key(), "EARLIEST")))
                .withMessage("source.initial-position: invalid value 'EARLIEST'");
    }

    @Test
    void rejectsValuesOfOptionsReadOnlyLaterNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                WatermarkOptions.OUT_OF_ORDERNESS.key(),
                                                "a while")))
                .withMessage("watermark.out-of-orderness: invalid value 'a while'");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(WatermarkOptions.IDLENESS.key(), "0 s")))
                .withMessage("watermark.idleness: must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                WatermarkOptions.OUT_OF_ORDERNESS.key(), "-1 s")))
                .withMessage("watermark.out-of-orderness: invalid value '-1 s'");
        assertThat(
                        JobConfig.fromMap(
                                        minimalWith(WatermarkOptions.OUT_OF_ORDERNESS.key(), "0 s"))
                                .watermarkOutOfOrderness())
                .isZero();
    }

    @Test
    void readsEnumValuesCaseInsensitively() {
        assertThat(JobConfig.fromMap(minimalWith(SourceOptions.READER.key(), "efo")).reader())
                .isEqualTo(Reader.EFO);
    }

    @Test
    void rejectsGzipLevelOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromMap(minimalWith(LakeOptions.GZIP_LEVEL.key(), "0")))
                .withMessage("lake.gzip-level: expected 1 to 9, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> JobConfig.fromMap(minimalWith(LakeOptions.GZIP_LEVEL.key(), "10")))
                .withMessage("lake.gzip-level: expected 1 to 9, got 10");
        assertThat(JobConfig.fromMap(minimalWith(LakeOptions.GZIP_LEVEL.key(), "9")).gzipLevel())
                .isEqualTo(9);
    }

    @Test
    void rejectsNonNumericGzipLevelNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> JobConfig.fromMap(minimalWith(LakeOptions.GZIP_LEVEL.key(), "fast")))
                .withMessage("lake.gzip-level: invalid value 'fast'");
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(LakeOptions.CHECKPOINT_INTERVAL.key(), "0 s")))
                .withMessage("lake.checkpoint-interval: must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(SourceOptions.POLL_INTERVAL.key(), "0 ms")))
                .withMessage("source.polling.interval: must be positive");
    }

    @Test
    void rejectsBadValidationLimitsNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(ValidationOptions.MAX_FIELDS.key(), "0")))
                .withMessage("validation.max-fields: must be positive, got 0");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                ValidationOptions.MAX_RECORD_SIZE.key(), "3 gb")))
                .withMessage("validation.max-record-size: expected 1 byte to 2 GB");
    }

    @Test
    void rejectedRecordsNameTheKeysOfTheLimitsTheyExceed() {
        Map<String, String> m = minimal();
        m.put(ValidationOptions.MAX_RECORD_SIZE.key(), "100 b");
        m.put(ValidationOptions.MAX_FIELDS.key(), "1");
        JobConfig cfg = JobConfig.fromMap(m);
        RecordValidator v = new RecordValidator(cfg.schema(), cfg.validationRules());

        assertThat(v.validate(new RawRecord(new byte[101], "s", "shard-0", "1", "k", 1L)).message())
                .isEqualTo("record is 101 bytes; the limit is 100 (validation.max-record-size)");
        assertThat(
                        v.validate(
                                        new RawRecord(
                                                "{\"a\":1,\"b\":2}"
                                                        .getBytes(StandardCharsets.UTF_8),
                                                "s",
                                                "shard-0",
                                                "1",
                                                "k",
                                                1L))
                                .message())
                .isEqualTo("more than 1 fields (validation.max-fields)");
    }

    @Test
    void readsValidationAndCastOptions() {
        Map<String, String> m = minimal();
        m.put(ValidationOptions.MAX_RECORD_SIZE.key(), "64 kb");
        m.put(ValidationOptions.MAX_FUTURE.key(), "1 h");
        m.put(ValidationOptions.MAX_NESTING_DEPTH.key(), "8");
        m.put(TransformOptions.CAST_TO_SCHEMA.key(), "true");

        JobConfig cfg = JobConfig.fromMap(m);

        assertThat(cfg.validationRules().maxRecordBytes()).isEqualTo(65536);
        assertThat(cfg.validationRules().maxFuture()).isEqualTo(Duration.ofHours(1));
        assertThat(cfg.validationRules().maxNestingDepth()).isEqualTo(8);
        assertThat(cfg.validationRules().castToSchema()).isTrue();
    }

    @Test
    void rejectsBadDropIfColumnNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(TransformOptions.DROP_IF.key(), "battery < 0")))
                .withMessage("transform.drop-if: no column named 'battery'");
    }

    @Test
    void rejectsBadMaskColumnNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                TransformOptions.MASK.key(), "owner_email;email")))
                .withMessage("transform.mask: no column named 'email'");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(TransformOptions.HASH.key(), "temperature")))
                .withMessageStartingWith("transform.hash: column 'temperature' is double");
    }

    @Test
    void rejectsUnknownTransformClassNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                TransformOptions.CLASS.key(),
                                                "com.example.Missing")))
                .withMessage("transform.class: class com.example.Missing not found");
    }

    @Test
    void buildsConfiguredTransforms() {
        Map<String, String> m = minimal();
        m.put(TransformOptions.DROP_IF.key(), "status == 'TEST'");
        m.put(TransformOptions.MASK.key(), "owner_email;reading_id");

        assertThat(JobConfig.fromMap(m).transform().size()).isEqualTo(2);
    }

    @Test
    void loadsSchemaFromFile() {
        assertThat(
                        JobConfig.fromMap(minimalWith(ValidationOptions.SCHEMA.key(), SCHEMA_FILE))
                                .schema()
                                .size())
                .isEqualTo(15);
    }

    @Test
    void rejectsMissingSchemaNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                ValidationOptions.SCHEMA.key(),
                                                "no/such/schema.json")))
                .withMessageStartingWith("validation.schema: cannot read no/such/schema.json");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                ValidationOptions.SCHEMA.key(),
                                                "classpath:schemas/nope.json")))
                .withMessage("validation.schema: no resource schemas/nope.json in the jar");
    }

    @Test
    void rejectsBrokenSchemaNamingKeyFileAndElement(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("broken.json");
        Files.writeString(schema, "{\"key\":\"id\",\"colums\":[]}");

        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromMap(
                                        minimalWith(
                                                ValidationOptions.SCHEMA.key(), schema.toString())))
                .withMessageStartingWith("validation.schema (" + schema + "): colums: unknown key");
    }

    @Test
    void makesRelativeLakePathAnAbsoluteFileUri() {
        String lake =
                JobConfig.fromMap(minimalWith(LakeOptions.PATH.key(), "out/lake/")).lakePath();

        assertThat(lake)
                .isEqualTo(
                        Path.of("out/lake")
                                .toAbsolutePath()
                                .toUri()
                                .toString()
                                .replaceAll("/$", ""));
        assertThat(lake).startsWith("file:/").endsWith("/job/out/lake");
    }

    @Test
    void dropsTrailingSlashOfLakeUri() {
        assertThat(JobConfig.fromMap(minimalWith(LakeOptions.PATH.key(), "s3://b/p/")).lakePath())
                .isEqualTo("s3://b/p");
        assertThat(
                        JobConfig.fromMap(minimalWith(LakeOptions.PATH.key(), "file:///tmp/lake"))
                                .lakePath())
                .isEqualTo("file:///tmp/lake");
    }

    @Test
    void readsPropertyGroupsFile() {
        Map<String, Properties> groups = JobConfig.readPropertyGroups(LOCAL_PROPERTIES);

        assertThat(groups).containsOnlyKeys("source", "lake", "transform", "scoring", "hotspots");
        assertThat(groups.get("source").getProperty("stream")).isEqualTo("sensor-readings");
        assertThat(groups.get("source").getProperty("endpoint")).isEqualTo("http://127.0.0.1:4568");
        assertThat(JobConfig.flatten(groups))
                .containsEntry(LakeOptions.CHECKPOINT_INTERVAL.key(), "10 s")
                .containsEntry(TransformOptions.DROP_IF.key(), "status == 'TEST'")
                .containsEntry(TransformOptions.MASK.key(), "owner_email");
    }

    @Test
    void acceptsEveryKeyOfTheLocalPropertiesFile() {
        Map<String, Properties> groups = JobConfig.readPropertyGroups(LOCAL_PROPERTIES);

        JobConfig cfg = JobConfig.fromPropertyGroups(groups);

        assertThat(cfg.endpoint()).contains("http://127.0.0.1:4568");
        assertThat(cfg.initialPosition()).isEqualTo(InitialPosition.TRIM_HORIZON);
        assertThat(cfg.transform().size()).isEqualTo(2);
    }

    @Test
    void rejectsPropertyGroupsFileOfWrongShape(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("groups.json");
        Files.writeString(file, "{\"source\": {}}");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.readPropertyGroups(file))
                .withMessageContaining("expected a JSON array of property groups");
        Files.writeString(file, "[{\"PropertyMap\": {}}]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.readPropertyGroups(file))
                .withMessageContaining("each group needs PropertyGroupId and a PropertyMap object");
    }

    @Test
    void fromArgsOverridesFileWithBothArgumentForms() {
        JobConfig cfg =
                JobConfig.fromArgs(
                        new String[] {
                            "--config",
                            LOCAL_PROPERTIES.toString(),
                            "--validation.schema",
                            SCHEMA_FILE,
                            "--source.stream=other-stream",
                            "--source.reader",
                            "EFO",
                            "--lake.path=s3://b/x=y"
                        },
                        null);

        assertThat(cfg.streamName()).isEqualTo("other-stream");
        assertThat(cfg.reader()).isEqualTo(Reader.EFO);
        assertThat(cfg.lakePath()).isEqualTo("s3://b/x=y"); // only the first '=' splits
        assertThat(cfg.region()).isEqualTo("us-east-1"); // from the file
    }

    @Test
    void fromArgsUsesDefaultFile() {
        JobConfig cfg =
                JobConfig.fromArgs(
                        new String[] {"--validation.schema=" + SCHEMA_FILE}, LOCAL_PROPERTIES);
        assertThat(cfg.streamName()).isEqualTo("sensor-readings");
    }

    @Test
    void fromArgsRejectsArgumentWithoutDashes() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        new String[] {SourceOptions.STREAM.key(), "x"}, null))
                .withMessageStartingWith("unexpected argument 'source.stream'");
    }

    @Test
    void fromArgsRejectsKeyWithoutValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromArgs(new String[] {"--source.stream"}, null))
                .withMessage("source.stream: no value given");
    }

    @Test
    void fromArgsRejectsUnknownKeyByName() {
        Map<String, String> m = minimal();
        String[] args =
                m.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
        assertThat(JobConfig.fromArgs(args, null).streamName()).isEqualTo("sensor-readings");

        String[] withTypo = java.util.Arrays.copyOf(args, args.length + 1);
        withTypo[args.length] = "--lake.gzip=9";
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JobConfig.fromArgs(withTypo, null))
                .withMessageStartingWith("lake.gzip: unknown key");
    }

    @Test
    void everyOptionHasADescription() {
        assertThat(AllOptions.list())
                .isNotEmpty()
                .allSatisfy(
                        o -> {
                            assertThat(o.key()).matches("[a-z]+\\.[a-z0-9.-]+");
                            assertThat(o.description().toString()).as(o.key()).isNotBlank();
                        });
    }

    @Test
    void configSurvivesJavaSerialization() throws Exception {
        JobConfig cfg =
                JobConfig.fromMap(minimalWith(TransformOptions.DROP_IF.key(), "status == 'TEST'"));
        JobConfig copy = org.apache.flink.util.InstantiationUtil.clone(cfg);

        assertThat(copy.streamName()).isEqualTo("sensor-readings");
        assertThat(copy.transform().size()).isEqualTo(1);
    }
}
