package dev.streamlake.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.config.SourceOptions.InitialPosition;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.job.sink.TableFiles;
import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.TransformChain;
import dev.streamlake.udfs.transform.Transforms;
import dev.streamlake.udfs.validate.ValidationRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's whole configuration, typed and validated once at start-up.
 *
 * <p>Keys are {@code <group>.<name>}: {@code name} in the property group {@code group} of
 * Managed Flink's application, or of a JSON file of the same shape, then {@code --group.name value}
 * arguments ({@link ConfigSources} says which, in what order). Unknown keys and bad values stop
 * start-up with a message that names the key.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/([A-Za-z0-9_.-]+)");

    private final Configuration conf;
    private final String streamName;
    private final String region;
    private final TableSchema schema;
    private final Instant initialTimestamp;
    private final ScoringConfig scoring;
    private final S3Config s3;
    private final IcebergConfig iceberg;

    private JobConfig(Configuration conf) {
        this.conf = conf;
        // Every value must parse as its option's type (enums, durations, sizes), even values only
        // read later, such as source.reader when the source is built.
        AllOptions.list().forEach(this::get);
        String stream = require(SourceOptions.STREAM);
        Matcher arn = STREAM_ARN.matcher(stream);
        if (arn.matches()) {
            this.streamName = arn.group(2);
            this.region = conf.getOptional(SourceOptions.REGION).orElse(arn.group(1));
        } else if (stream.startsWith("arn:")) {
            throw new IllegalArgumentException(
                    SourceOptions.STREAM.key() + ": '" + stream + "' is not a Kinesis stream ARN");
        } else {
            this.streamName = stream;
            this.region = require(SourceOptions.REGION);
        }
        this.initialTimestamp = parseInitialTimestamp();
        require(LakeOptions.PATH);
        int level = get(LakeOptions.GZIP_LEVEL);
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException(LakeOptions.GZIP_LEVEL.key() + ": expected 1 to 9, got " + level);
        }
        positive(LakeOptions.CHECKPOINT_INTERVAL);
        this.s3 = new S3Config(
                get(S3Options.ENDPOINT),
                get(S3Options.REGION),
                get(S3Options.PATH_STYLE_ACCESS),
                get(S3Options.CREDENTIALS_PROVIDER),
                get(S3Options.SSE),
                get(S3Options.SSE_KMS_KEY_ID));
        this.iceberg = IcebergConfig.of(conf);
        if (get(LakeOptions.COMPACTION_TARGET_SIZE).getBytes() <= 0) {
            throw new IllegalArgumentException(
                    LakeOptions.COMPACTION_TARGET_SIZE.key() + ": must be positive");
        }
        if (get(LakeOptions.COMPACTION_MAX_CHECKPOINTS) < 1) {
            throw new IllegalArgumentException(
                    LakeOptions.COMPACTION_MAX_CHECKPOINTS.key() + ": expected 1 or more, got "
                            + get(LakeOptions.COMPACTION_MAX_CHECKPOINTS));
        }
        positive(SourceOptions.POLL_INTERVAL);
        positive(SourceOptions.SHARD_DISCOVERY_INTERVAL);
        positive(WatermarkOptions.IDLENESS); // Flink's withIdleness rejects zero without naming the key
        this.schema = loadSchema(get(ValidationOptions.SCHEMA));
        validationRules(); // builds the rules to check them
        transform(); // builds the transforms to check their columns and conditions
        this.scoring = loadScoring();
    }

    // ---------------------------------------------------------------------------------------
    // Loading

    /** Validates a flat map of {@code group.name} keys. */
    public static JobConfig fromMap(Map<String, String> flat) {
        Set<String> known =
                AllOptions.list().stream().map(ConfigOption::key).collect(Collectors.toSet());
        for (String key : new TreeMap<>(flat).keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(
                        key + ": unknown key; known keys are " + new java.util.TreeSet<>(known));
            }
        }
        return new JobConfig(Configuration.fromMap(flat));
    }

    /** Validates property groups, as Managed Flink hands them to the application. */
    public static JobConfig fromPropertyGroups(Map<String, Properties> groups) {
        return fromMap(flatten(groups));
    }

    /** Flattens property groups to {@code group.name} keys. */
    public static Map<String, String> flatten(Map<String, Properties> groups) {
        Map<String, String> flat = new LinkedHashMap<>();
        groups.forEach(
                (group, props) ->
                        props.stringPropertyNames()
                                .forEach(k -> flat.put(group + "." + k, props.getProperty(k))));
        return flat;
    }

    /**
     * Reads a file in Managed Flink's property-group shape:
     * {@code [{"PropertyGroupId": "source", "PropertyMap": {"stream": "..."}}, ...]}.
     */
    public static Map<String, Properties> readPropertyGroups(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read property groups: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON array of property groups");
        }
        Map<String, Properties> groups = new LinkedHashMap<>();
        for (JsonNode group : root) {
            String id = group.path("PropertyGroupId").asText("");
            JsonNode map = group.path("PropertyMap");
            if (id.isEmpty() || !map.isObject()) {
                throw new IllegalArgumentException(
                        file + ": each group needs PropertyGroupId and a PropertyMap object");
            }
            Properties props = groups.computeIfAbsent(id, g -> new Properties());
            map.fields().forEachRemaining(e -> props.setProperty(e.getKey(), e.getValue().asText()));
        }
        return groups;
    }

    /**
     * {@code --config <file>} (default {@code defaultFile}, if it exists) in the property-group
     * shape, then {@code --group.name value} (or {@code --group.name=value}) overrides: the order of
     * {@link ConfigSources}, without Managed Flink's property groups or the environment variable
     * (for tools and tests; the job itself uses {@link ConfigSources#forEnvironment}).
     */
    public static JobConfig fromArgs(String[] args, Path defaultFile) {
        return ConfigSources.of(ConfigSources.PropertyGroups.none(), name -> null, defaultFile)
                .load(args)
                .config();
    }

    // ---------------------------------------------------------------------------------------
    // Typed access

    public String streamName() {
        return streamName;
    }

    public String region() {
        return region;
    }

    public Optional<String> endpoint() {
        return conf.getOptional(SourceOptions.ENDPOINT);
    }

    public InitialPosition initialPosition() {
        return get(SourceOptions.INITIAL_POSITION);
    }

    /** Set exactly when the initial position is AT_TIMESTAMP. */
    public Optional<Instant> initialTimestamp() {
        return Optional.ofNullable(initialTimestamp);
    }

    public Reader reader() {
        return get(SourceOptions.READER);
    }

    public String efoConsumerName() {
        return get(SourceOptions.EFO_CONSUMER_NAME);
    }

    public Duration pollInterval() {
        return get(SourceOptions.POLL_INTERVAL);
    }

    public Duration shardDiscoveryInterval() {
        return get(SourceOptions.SHARD_DISCOVERY_INTERVAL);
    }

    /** The lake's base URI without a trailing slash; a plain relative path becomes file:///abs. */
    public String lakePath() {
        String path = get(LakeOptions.PATH);
        if (!path.contains(":/")) path = Path.of(path).toAbsolutePath().normalize().toUri().toString();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public int gzipLevel() {
        return get(LakeOptions.GZIP_LEVEL);
    }

    /** How the events table (and the anomalies table, which has its columns) is written. */
    public TableFiles eventsFiles() {
        return tableFiles(get(LakeOptions.EVENTS_FORMAT));
    }

    /** How the errors table is written. */
    public TableFiles errorsFiles() {
        return tableFiles(get(LakeOptions.ERRORS_FORMAT));
    }

    private TableFiles tableFiles(LakeOptions.Format format) {
        TableFiles files = TableFiles.of(format, gzipLevel(), get(LakeOptions.PARQUET_COMPRESSION)).withIceberg(iceberg, s3);
        return get(LakeOptions.COMPACTION_ENABLED)
                ? files.compacted(
                        get(LakeOptions.COMPACTION_TARGET_SIZE).getBytes(),
                        get(LakeOptions.COMPACTION_MAX_CHECKPOINTS))
                : files;
    }

    public Duration checkpointInterval() {
        return get(LakeOptions.CHECKPOINT_INTERVAL);
    }

    /** How the lake's S3 file system is reached (used when lake.path is s3://...). */
    public S3Config s3() {
        return s3;
    }

    /** The catalog of tables written as Iceberg ({@code lake.iceberg.*}). */
    public IcebergConfig iceberg() {
        return iceberg;
    }

    public TableSchema schema() {
        return schema;
    }

    public ValidationRules validationRules() {
        long maxBytes = get(ValidationOptions.MAX_RECORD_SIZE).getBytes();
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    ValidationOptions.MAX_RECORD_SIZE.key() + ": expected 1 byte to 2 GB");
        }
        try {
            return ValidationRules.builder()
                    .maxRecordBytes((int) maxBytes)
                    .maxFuture(get(ValidationOptions.MAX_FUTURE))
                    .maxPast(get(ValidationOptions.MAX_PAST))
                    .maxNestingDepth(get(ValidationOptions.MAX_NESTING_DEPTH))
                    .maxFields(get(ValidationOptions.MAX_FIELDS))
                    .castToSchema(get(TransformOptions.CAST_TO_SCHEMA))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("validation: " + e.getMessage(), e);
        }
    }

    /** A new instance of the configured transform chain. */
    public TransformChain transform() {
        return Transforms.of(
                schema,
                conf.getOptional(TransformOptions.DROP_IF).orElse(null),
                get(TransformOptions.MASK),
                get(TransformOptions.HASH),
                conf.getOptional(TransformOptions.CLASS).orElse(null));
    }

    /** Anomaly scoring; {@link ScoringConfig#enabled()} says whether it runs at all. */
    public ScoringConfig scoring() {
        return scoring;
    }

    /**
     * The schema of the rows the events table receives: the declared schema, plus
     * {@link ScoringConfig#columns()} when scoring is on.
     */
    public TableSchema eventsSchema() {
        return scoring.enabled() ? schema.withColumns(ScoringConfig.columns()) : schema;
    }

    public Duration watermarkOutOfOrderness() {
        return get(WatermarkOptions.OUT_OF_ORDERNESS);
    }

    public Duration watermarkIdleness() {
        return get(WatermarkOptions.IDLENESS);
    }

    /** The effective value of every known key, for the web UI's job parameters and the log. */
    public Map<String, String> toMap() {
        Map<String, String> out = new TreeMap<>();
        for (ConfigOption<?> option : AllOptions.list()) {
            conf.getOptional(option).ifPresent(v -> out.put(option.key(), String.valueOf(v)));
            if (!out.containsKey(option.key()) && option.hasDefaultValue()) {
                out.put(option.key(), String.valueOf(option.defaultValue()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    private <T> T get(ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    option.key() + ": invalid value '" + conf.toMap().get(option.key()) + "'", e);
        }
    }

    private String require(ConfigOption<String> option) {
        String v = get(option);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(option.key() + ": not set (required)");
        }
        return v;
    }

    private void positive(ConfigOption<Duration> option) {
        if (get(option).isNegative() || get(option).isZero()) {
            throw new IllegalArgumentException(option.key() + ": must be positive");
        }
    }

    private Instant parseInitialTimestamp() {
        Optional<String> text = conf.getOptional(SourceOptions.INITIAL_TIMESTAMP);
        boolean atTimestamp = initialPosition() == InitialPosition.AT_TIMESTAMP;
        if (atTimestamp && text.isEmpty()) {
            throw new IllegalArgumentException(
                    SourceOptions.INITIAL_TIMESTAMP.key() + ": required with AT_TIMESTAMP");
        }
        if (!atTimestamp && text.isPresent()) {
            throw new IllegalArgumentException(
                    SourceOptions.INITIAL_TIMESTAMP.key() + ": only used with "
                            + SourceOptions.INITIAL_POSITION.key() + "=AT_TIMESTAMP");
        }
        try {
            return text.map(Instant::parse).orElse(null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    SourceOptions.INITIAL_TIMESTAMP.key() + ": '" + text.get()
                            + "' is not an ISO-8601 instant such as 2026-11-27T09:00:00Z");
        }
    }

    private ScoringConfig loadScoring() {
        RcfParams params;
        try {
            params = RcfParams.builder()
                    .trees(get(ScoringOptions.TREES))
                    .sampleSize(get(ScoringOptions.SAMPLE_SIZE))
                    .timeDecayWindow(get(ScoringOptions.TIME_DECAY))
                    .shingleSize(get(ScoringOptions.SHINGLE_SIZE))
                    .outputAfter(conf.getOptional(ScoringOptions.OUTPUT_AFTER).orElse(null))
                    .seed(get(ScoringOptions.SEED))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scoring." + e.getMessage(), e);
        }
        return new ScoringConfig(
                get(ScoringOptions.ENABLED),
                get(ScoringOptions.FEATURES),
                schema,
                params,
                get(ScoringOptions.THRESHOLD),
                get(ScoringOptions.IDLE_TTL));
    }

    private static TableSchema loadSchema(String location) {
        String key = ValidationOptions.SCHEMA.key();
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in = JobConfig.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException(key + ": no resource " + resource + " in the jar");
                    }
                    return TableSchema.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return TableSchema.parse(Files.readString(Path.of(location)));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + location + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(key)) throw e;
            throw new IllegalArgumentException(key + " (" + location + "): " + e.getMessage(), e);
        }
    }
}
