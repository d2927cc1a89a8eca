package dev.streamlake.job.config;

import dev.streamlake.udfs.anomaly.RcfParams;
import dev.streamlake.udfs.anomaly.RcfProfile;
import dev.streamlake.udfs.anomaly.flag.FlagPolicy;
import dev.streamlake.udfs.hotspots.HotspotParams;
import dev.streamlake.udfs.schema.TableSchema;
import dev.streamlake.udfs.transform.TransformChain;
import dev.streamlake.udfs.transform.Transforms;
import dev.streamlake.udfs.validate.ValidationRules;
import dev.streamlake.udfs.validate.ValidationRules.Limit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;

/**
 * Builds {@code udfs/}' objects from the job's options: the one place that says which {@link
 * org.apache.flink.configuration.ConfigOption} sets which {@code udfs} setting. {@code udfs} says
 * what is wrong with a value; {@link OptionReader} puts the option's key in front.
 */
final class OptionsToUdfs {
    private OptionsToUdfs() {}

    static TableSchema schema(OptionReader options) {
        String location = options.get(ValidationOptions.SCHEMA);
        String key = ValidationOptions.SCHEMA.key();
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in =
                        OptionsToUdfs.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw OptionReader.invalid(
                                ValidationOptions.SCHEMA,
                                "no resource " + resource + " in the jar");
                    }
                    return TableSchema.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return TableSchema.parse(Files.readString(Path.of(location)));
        } catch (IOException e) {
            throw OptionReader.invalid(
                    ValidationOptions.SCHEMA, "cannot read " + location + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith(key)) throw e;
            throw new IllegalArgumentException(key + " (" + location + "): " + e.getMessage(), e);
        }
    }

    static ValidationRules validationRules(OptionReader options) {
        ValidationRules.Builder b = ValidationRules.builder();
        options.apply(
                ValidationOptions.MAX_RECORD_SIZE, size -> b.maxRecordBytes(toIntBytes(size)));
        options.apply(ValidationOptions.MAX_FUTURE, b::maxFuture);
        options.apply(ValidationOptions.MAX_PAST, b::maxPast);
        options.apply(ValidationOptions.MAX_NESTING_DEPTH, b::maxNestingDepth);
        options.apply(ValidationOptions.MAX_FIELDS, b::maxFields);
        options.apply(TransformOptions.CAST_TO_SCHEMA, b::castToSchema);
        return b.limitNames(
                        Map.of(
                                Limit.MAX_RECORD_BYTES, ValidationOptions.MAX_RECORD_SIZE.key(),
                                Limit.MAX_FIELDS, ValidationOptions.MAX_FIELDS.key()))
                .build();
    }

    /** A new instance of the configured transform chain. */
    static TransformChain transform(OptionReader options, TableSchema schema) {
        Transforms.Builder b = Transforms.builder(schema);
        options.apply(TransformOptions.DROP_IF, b::dropIf);
        options.apply(TransformOptions.MASK, b::mask);
        options.apply(TransformOptions.HASH, b::hash);
        options.apply(TransformOptions.CLASS, b::userClass);
        return b.build();
    }

    static RcfParams rcfParams(OptionReader options, RcfProfile profile) {
        // scoring.profile sizes the forest; trees and sample-size, where set, override it
        RcfParams.Builder b =
                RcfParams.builder().trees(profile.trees()).sampleSize(profile.sampleSize());
        if (options.optional(ScoringOptions.TREES).isPresent())
            options.apply(ScoringOptions.TREES, b::trees);
        if (options.optional(ScoringOptions.SAMPLE_SIZE).isPresent())
            options.apply(ScoringOptions.SAMPLE_SIZE, b::sampleSize);
        options.apply(ScoringOptions.TIME_DECAY, b::timeDecayWindow);
        options.apply(ScoringOptions.SHINGLE_SIZE, b::shingleSize);
        options.apply(ScoringOptions.OUTPUT_AFTER, b::outputAfter);
        options.apply(ScoringOptions.SEED, b::seed);
        return b.build();
    }

    /** The flag rule of {@code scoring.flag.*}; {@code scoring.threshold} decides in warm-up. */
    static FlagPolicy flagPolicy(OptionReader options) {
        double threshold = options.get(ScoringOptions.THRESHOLD);
        if (options.get(FlagOptions.RULE) == FlagPolicy.Rule.FIXED)
            return FlagPolicy.fixed(threshold);
        FlagPolicy.AdaptiveBuilder b = FlagPolicy.adaptiveBuilder(threshold);
        options.apply(FlagOptions.QUANTILE, b::quantile);
        options.apply(FlagOptions.FACTOR, b::factor);
        options.apply(FlagOptions.FLOOR, b::floor);
        options.apply(FlagOptions.WINDOW, b::window);
        options.apply(FlagOptions.WARM_UP, b::warmUp);
        return b.build();
    }

    /** The {@code hotspots.*} numbers (required only when hotspots are on). */
    static HotspotParams hotspotParams(OptionReader options) {
        int windowSize = options.map(HotspotsOptions.WINDOW_SIZE, HotspotParams::checkWindowSize);
        double radius =
                options.map(
                        HotspotsOptions.SCAN_RADIUS,
                        r -> {
                            if (r == null)
                                throw new IllegalArgumentException("required when hotspots are on");
                            return HotspotParams.checkScanRadius(r);
                        });
        int minPoints =
                options.map(
                        HotspotsOptions.MINIMUM_POINTS,
                        m -> HotspotParams.checkMinPoints(m, windowSize));
        return HotspotParams.of(windowSize, radius, minPoints);
    }

    private static int toIntBytes(MemorySize size) {
        long bytes = size.getBytes();
        if (bytes <= 0 || bytes > Integer.MAX_VALUE)
            throw new IllegalArgumentException("expected 1 byte to 2 GB");
        return (int) bytes;
    }
}
