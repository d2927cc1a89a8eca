package dev.streamlake.tools.producer;

import java.util.Iterator;
import picocli.CommandLine.Option;

/**
 * The options of the sample generator, {@code --devices} and {@code --seed}, for the commands that
 * send generated readings ({@code produce --generate}, {@code local}): a picocli mixin.
 */
public final class GeneratorOptions {
    @Option(
            names = "--devices",
            description = "Devices the generator simulates. Default: ${DEFAULT-VALUE}.")
    private int devices = 50;

    @Option(names = "--seed", description = "The generator's seed. Default: ${DEFAULT-VALUE}.")
    private long seed = 42;

    /** {@code count} generated readings (0: no end), at most {@code rate}/s (0: no limit). */
    public Iterator<byte[]> readings(long count, double rate) {
        return SampleGenerator.generated(count, seed, devices, rate);
    }
}
