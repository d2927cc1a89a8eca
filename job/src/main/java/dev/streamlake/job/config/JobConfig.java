package dev.streamlake.job.config;

import dev.streamlake.job.config.SourceOptions.InitialPosition;
import dev.streamlake.job.config.SourceOptions.Reader;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.TransformChain;
import dev.streamlake.udfs.validate.ValidationRules;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's whole configuration, typed and validated once at start-up.
 *
 * <p>Keys are {@code <group>.<name>}: {@code name} in the property group {@code group} of Managed
 * Flink's application, or of a JSON file of the same shape ({@link PropertyGroupReader}), then
 * {@code --group.name value} arguments ({@link ConfigSources} says which, in what order). Unknown
 * keys and bad values stop start-up with a message {@code key: reason} ({@link OptionReader});
 * {@link OptionsToUdfs} builds the {@code udfs} objects.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern STREAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/([A-Za-z0-9_.-]+)");

    /** The raw settings, for typed configuration classes built from a {@link Configuration}. */
    private final Configuration conf;

    private final OptionReader options;
    private final String streamName;
    private final String region;
    private final TableSchema schema;
    private final Instant initialTimestamp;
    private final ScoringConfig scoring;
    private final HotspotsConfig hotspots;
    private final ScoreOutputs scoreOutputs;
    private final OnlineScoringConfig onlineScoring;
    private final S3Config s3;
    private final FirehoseLambdaConfig firehoseLambda;
    private final IcebergConfig iceberg;

    private JobConfig(Configuration conf) {
        this.conf = conf;
        this.options = new OptionReader(conf);
        // Every value must parse as its option's type (enums, durations, sizes), even values only
        // read later, such as source.reader when the source is built.
        AllOptions.list().forEach(options::get);
        String stream = options.require(SourceOptions.STREAM);
        Matcher arn = STREAM_ARN.matcher(stream);
        if (arn.matches()) {
            this.streamName = arn.group(2);
            this.region = options.optional(SourceOptions.REGION).orElse(arn.group(1));
        } else if (stream.startsWith("arn:")) {
            throw OptionReader.invalid(
                    SourceOptions.STREAM, "'" + stream + "' is not a Kinesis stream ARN");
        } else {
            this.streamName = stream;
            this.region = options.require(SourceOptions.REGION);
        }
        this.initialTimestamp = parseInitialTimestamp();
        options.require(LakeOptions.PATH);
        int level = options.get(LakeOptions.GZIP_LEVEL);
        if (level < 1 || level > 9) {
            throw OptionReader.invalid(LakeOptions.GZIP_LEVEL, "expected 1 to 9, got " + level);
        }
        options.positive(LakeOptions.CHECKPOINT_INTERVAL);
        this.s3 =
                new S3Config(
                        options.get(S3Options.ENDPOINT),
                        options.get(S3Options.REGION),
                        options.get(S3Options.PATH_STYLE_ACCESS),
                        options.get(S3Options.CREDENTIALS_PROVIDER),
                        options.get(S3Options.SSE),
                        options.get(S3Options.SSE_KMS_KEY_ID));
        this.iceberg = IcebergConfig.of(conf);
        if (options.get(LakeOptions.COMPACTION_TARGET_SIZE).getBytes() <= 0) {
            throw OptionReader.invalid(LakeOptions.COMPACTION_TARGET_SIZE, "must be positive");
        }
        int maxCheckpoints = options.get(LakeOptions.COMPACTION_MAX_CHECKPOINTS);
        if (maxCheckpoints < 1) {
            throw OptionReader.invalid(
                    LakeOptions.COMPACTION_MAX_CHECKPOINTS,
                    "expected 1 or more, got " + maxCheckpoints);
        }
        options.positive(SourceOptions.POLL_INTERVAL);
        options.positive(SourceOptions.SHARD_DISCOVERY_INTERVAL);
        options.positive(
                WatermarkOptions
                        .IDLENESS); // Flink's withIdleness rejects zero without naming the key
        this.schema = OptionsToUdfs.schema(options);
        validationRules(); // builds the rules to check them
        transform(); // builds the transforms to check their columns and conditions
        this.onlineScoring = OnlineScoringConfig.from(options);
        this.scoring =
                new ScoringConfig(
                        options.get(ScoringOptions.ENABLED),
                        options.get(ScoringOptions.FEATURES),
                        schema,
                        OptionsToUdfs.rcfParams(options, onlineScoring.profile()),
                        options.get(ScoringOptions.THRESHOLD),
                        options.get(ScoringOptions.IDLE_TTL));
        this.firehoseLambda = FirehoseLambdaConfig.from(conf);
        this.hotspots = HotspotsConfig.from(options, schema);
        this.scoreOutputs = ScoreOutputs.from(conf);
    }

    // ---------------------------------------------------------------------------------------
    // Loading

    /** Validates a flat map of {@code group.name} keys. */
    public static JobConfig fromMap(Map<String, String> flat) {
        PropertyGroupReader.requireKnownKeys(flat);
        return new JobConfig(Configuration.fromMap(flat));
    }

    /** Validates property groups, as Managed Flink hands them to the application. */
    public static JobConfig fromPropertyGroups(Map<String, Properties> groups) {
        return fromMap(PropertyGroupReader.flatten(groups));
    }

    /**
     * Flattens property groups to {@code group.name} keys; see {@link PropertyGroupReader#flatten}.
     */
    public static Map<String, String> flatten(Map<String, Properties> groups) {
        return PropertyGroupReader.flatten(groups);
    }

    /**
     * Reads a file in Managed Flink's property-group shape; see {@link PropertyGroupReader#read}.
     */
    public static Map<String, Properties> readPropertyGroups(Path file) {
        return PropertyGroupReader.read(file);
    }

    /**
     * {@code --config <file>} (default {@code defaultFile}, if it exists) in the property-group
     * shape, then {@code --group.name value} (or {@code --group.name=value}) overrides: the order
     * of {@link ConfigSources}, without Managed Flink's property groups or the environment variable
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
        return options.optional(SourceOptions.ENDPOINT);
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
        if (!path.contains(":/"))
            path = Path.of(path).toAbsolutePath().normalize().toUri().toString();
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
        TableFiles files =
                TableFiles.of(format, gzipLevel(), get(LakeOptions.PARQUET_COMPRESSION))
                        .withIceberg(iceberg, s3);
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
        return OptionsToUdfs.validationRules(options);
    }

    /** A new instance of the configured transform chain. */
    public TransformChain transform() {
        return OptionsToUdfs.transform(options, schema);
    }

    /**
     * The Firehose Lambda run before parsing; {@link FirehoseLambdaConfig#enabled()} says whether
     * one runs.
     */
    public FirehoseLambdaConfig firehoseLambda() {
        return firehoseLambda;
    }

    /** Anomaly scoring; {@link ScoringConfig#enabled()} says whether it runs at all. */
    public ScoringConfig scoring() {
        return scoring;
    }

    /** What scoring writes besides the score: explanations, and the columns of them all. */
    public ScoreOutputs scoreOutputs() {
        return scoreOutputs;
    }

    /** How scoring runs online: flag rule, forest profile, live forests. */
    public OnlineScoringConfig onlineScoring() {
        return onlineScoring;
    }

    /**
     * The schema of the rows the events table receives: the declared schema, plus {@link
     * ScoreOutputs#columns()} when scoring is on, then {@link HotspotsConfig#resultColumns()} when
     * hotspots are on.
     */
    public TableSchema eventsSchema() {
        return hotspots.enabled()
                ? scoredSchema().withColumns(HotspotsConfig.resultColumns())
                : scoredSchema();
    }

    /**
     * The rows scoring emits (and the anomalies table holds): the schema, then the score columns if
     * scoring is on.
     */
    public TableSchema scoredSchema() {
        return scoring.enabled() ? schema.withColumns(scoreOutputs.columns()) : schema;
    }

    /** Hotspot detection; {@link HotspotsConfig#enabled()} says whether it runs at all. */
    public HotspotsConfig hotspots() {
        return hotspots;
    }

    public Duration watermarkOutOfOrderness() {
        return get(WatermarkOptions.OUT_OF_ORDERNESS);
    }

    public Duration watermarkIdleness() {
        return get(WatermarkOptions.IDLENESS);
    }

    /** The effective value of every known key, for the web UI's job parameters and the log. */
    public Map<String, String> toMap() {
        return options.effectiveValues(AllOptions.list());
    }

    // ---------------------------------------------------------------------------------------

    private <T> T get(ConfigOption<T> option) {
        return options.get(option);
    }

    private Instant parseInitialTimestamp() {
        Optional<String> text = options.optional(SourceOptions.INITIAL_TIMESTAMP);
        boolean atTimestamp = initialPosition() == InitialPosition.AT_TIMESTAMP;
        if (atTimestamp && text.isEmpty()) {
            throw OptionReader.invalid(
                    SourceOptions.INITIAL_TIMESTAMP, "required with AT_TIMESTAMP");
        }
        if (!atTimestamp && text.isPresent()) {
            throw OptionReader.invalid(
                    SourceOptions.INITIAL_TIMESTAMP,
                    "only used with " + SourceOptions.INITIAL_POSITION.key() + "=AT_TIMESTAMP");
        }
        try {
            return text.map(Instant::parse).orElse(null);
        } catch (DateTimeParseException e) {
            throw OptionReader.invalid(
                    SourceOptions.INITIAL_TIMESTAMP,
                    "'" + text.get() + "' is not an ISO-8601 instant such as 2026-11-27T09:00:00Z");
        }
    }
}
