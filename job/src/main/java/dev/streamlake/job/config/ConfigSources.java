package dev.streamlake.job.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the job's configuration comes from, in one order for every environment.
 *
 * <ol>
 *   <li>The <b>base file</b>, in Managed Flink's property-group JSON shape: on Managed Flink the
 *       application's property groups ({@value #MANAGED_FLINK_FILE}, which the service writes);
 *       elsewhere {@code --config FILE}, else the file {@code $}{@value #ENV_VAR} names, else (in a
 *       local environment only) {@code conf/application-properties-local.json} if it exists.
 *   <li><b>Program arguments</b> {@code --group.name value} (or {@code --group.name=value}), which
 *       override the base file key by key.
 * </ol>
 *
 * <p>The presence of {@value #MANAGED_FLINK_FILE} is what makes the environment Managed Flink; a
 * {@code --config} or {@code $}{@value #ENV_VAR} beside it is refused, since two base files would
 * leave it open which one counts. Errors name the sources that were looked at, and for a value that
 * was set, the source it came from.
 */
public final class ConfigSources {
    /** The file Managed Flink writes the application's property groups to. */
    public static final String MANAGED_FLINK_FILE = "/etc/flink/application_properties.json";

    /** The environment variable that names a base file outside Managed Flink. */
    public static final String ENV_VAR = "STREAMLAKE_CONFIG";

    /** The base file of a local run when nothing else names one. */
    public static final Path LOCAL_DEFAULT = Path.of("conf/application-properties-local.json");

    /** Managed Flink's property groups: empty when the environment is not Managed Flink. */
    public interface PropertyGroups {
        /** Where the groups are read from, for messages. */
        String location();

        Optional<Map<String, Properties>> read();

        /** The groups that {@code read} reads from {@code location}. */
        static PropertyGroups of(
                String location, Supplier<Optional<Map<String, Properties>>> read) {
            return new PropertyGroups() {
                @Override
                public String location() {
                    return location;
                }

                @Override
                public Optional<Map<String, Properties>> read() {
                    return read.get();
                }
            };
        }

        /** Not Managed Flink: no property groups. */
        static PropertyGroups none() {
            return of(MANAGED_FLINK_FILE, Optional::empty);
        }

        /**
         * The real one: {@value #MANAGED_FLINK_FILE} through Managed Flink's own runtime library.
         */
        static PropertyGroups managedFlink() {
            return of(
                    MANAGED_FLINK_FILE,
                    () -> {
                        if (!Files.exists(Path.of(MANAGED_FLINK_FILE))) return Optional.empty();
                        try {
                            return Optional.of(
                                    KinesisAnalyticsRuntime.getApplicationProperties(
                                            MANAGED_FLINK_FILE));
                        } catch (IOException e) {
                            throw new UncheckedIOException(
                                    MANAGED_FLINK_FILE + ": cannot read property groups", e);
                        }
                    });
        }
    }

    /** A validated configuration and where it came from. */
    public static final class Loaded {
        private final JobConfig config;
        private final boolean managedFlink;
        private final String sources;

        Loaded(JobConfig config, boolean managedFlink, String sources) {
            this.config = config;
            this.managedFlink = managedFlink;
            this.sources = sources;
        }

        public JobConfig config() {
            return config;
        }

        /** True when the base file was Managed Flink's property groups. */
        public boolean managedFlink() {
            return managedFlink;
        }

        /** The sources looked at, as errors list them. */
        public String sources() {
            return sources;
        }
    }

    private final PropertyGroups managedFlink;
    private final Function<String, String> environment;
    private final Path localDefault;

    private ConfigSources(
            PropertyGroups managedFlink, Function<String, String> environment, Path localDefault) {
        this.managedFlink = managedFlink;
        this.environment = environment;
        this.localDefault = localDefault;
    }

    /** The sources of the job's real environment; {@code local} adds the local default file. */
    public static ConfigSources forEnvironment(boolean local) {
        return of(PropertyGroups.managedFlink(), System::getenv, local ? LOCAL_DEFAULT : null);
    }

    /**
     * Sources made of parts, for tests and tools: {@code environment} looks up environment
     * variables, {@code localDefault} (nullable) is the base file of last resort if it exists.
     */
    public static ConfigSources of(
            PropertyGroups managedFlink, Function<String, String> environment, Path localDefault) {
        return new ConfigSources(managedFlink, environment, localDefault);
    }

    /**
     * Reads, merges and validates the configuration; the message of any failure lists the sources.
     */
    public Loaded load(String[] args) {
        ProgramArguments parsed = ProgramArguments.parse(args);
        Optional<Map<String, Properties>> groups = managedFlink.read();
        String envFile = environment.apply(ENV_VAR);
        boolean envSet = envFile != null && !envFile.isBlank();

        List<String> looked = new ArrayList<>();
        Map<String, String> flat = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        if (groups.isPresent()) {
            looked.add(managedFlink.location() + " (Managed Flink property groups)");
            if (parsed.config != null || envSet) {
                throw new IllegalArgumentException(
                        (parsed.config != null
                                        ? "--config " + parsed.config
                                        : "$" + ENV_VAR + "=" + envFile)
                                + ": not allowed on Managed Flink, whose property groups ("
                                + managedFlink.location()
                                + ") are the configuration file");
            }
            put(flat, origin, PropertyGroupReader.flatten(groups.get()), managedFlink.location());
        } else {
            looked.add(managedFlink.location() + " (absent)");
            Path file =
                    parsed.config != null
                            ? Path.of(parsed.config)
                            : envSet
                                    ? Path.of(envFile)
                                    : localDefault != null && Files.exists(localDefault)
                                            ? localDefault
                                            : null;
            String label =
                    parsed.config != null
                            ? "--config " + file
                            : envSet
                                    ? "$" + ENV_VAR + "=" + file
                                    : file != null
                                            ? file + " (local default)"
                                            : "no --config, no $" + ENV_VAR;
            looked.add(label);
            if (file != null)
                put(flat, origin, PropertyGroupReader.flatten(readFile(file, label)), label);
        }
        looked.add(
                parsed.overrides.isEmpty()
                        ? "program arguments (none)"
                        : "program arguments ("
                                + String.join(", ", parsed.overrides.keySet())
                                + ")");
        put(flat, origin, parsed.overrides, "program arguments");

        String sources = String.join(", ", looked);
        try {
            return new Loaded(JobConfig.fromMap(flat), groups.isPresent(), sources);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(withSources(e.getMessage(), origin, sources), e);
        }
    }

    /** The property groups of a base file; a failure names the source that named the file. */
    private static Map<String, Properties> readFile(Path file, String label) {
        try {
            return PropertyGroupReader.read(file);
        } catch (IllegalArgumentException e) {
            // readPropertyGroups's messages start with the file, which the label repeats.
            String problem =
                    e.getMessage().startsWith(file + ": ")
                            ? e.getMessage().substring(file.toString().length() + 2)
                            : e.getMessage();
            throw new IllegalArgumentException(label + ": " + problem, e);
        }
    }

    /** "key: problem" plus where the key's value came from, or every source when it was not set. */
    static String withSources(String message, Map<String, String> origin, String sources) {
        String key = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
        String from = origin.get(key);
        return from != null ? message + "; set in " + from : message + "; looked at: " + sources;
    }

    private static void put(
            Map<String, String> flat,
            Map<String, String> origin,
            Map<String, String> values,
            String from) {
        values.forEach(
                (k, v) -> {
                    flat.put(k, v);
                    origin.put(k, from);
                });
    }

    /** {@code --config FILE} and {@code --group.name value} overrides, in the order given. */
    static final class ProgramArguments {
        String config;
        final Map<String, String> overrides = new LinkedHashMap<>();

        static ProgramArguments parse(String[] args) {
            ProgramArguments out = new ProgramArguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                // "--" ends a launcher's own options (Flink's standalone entrypoints need it before
                // --config, which their option parser would take for a prefix of --configDir).
                if (arg.equals("--")) continue;
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException(
                            "unexpected argument '"
                                    + arg
                                    + "'; expected --config FILE or --group.name value");
                }
                String key = arg.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(key + ": no value given");
                }
                if (key.equals("config")) out.config = value;
                else out.overrides.put(key, value);
            }
            return out;
        }
    }
}
