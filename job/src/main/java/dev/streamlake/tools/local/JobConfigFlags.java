package dev.streamlake.tools.local;

import dev.streamlake.job.config.AllOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The job's configuration as options of a command ({@code local}, {@code run}): {@code --config
 * FILE} and one {@code --KEY VALUE} (or {@code --KEY=VALUE}) per key of {@link AllOptions}, so the
 * parser knows every key, refuses a misspelt one and lists them all in the help. Values are not
 * checked here: the job's configuration does that, naming the key and where it was set.
 */
public final class JobConfigFlags {
    static final String CONFIG = "--config";

    /** A full stop before the next sentence (not the one of "e.g. x"). */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z(`])");

    private JobConfigFlags() {}

    /** Adds the options to a command; returns it. */
    public static CommandLine addTo(CommandLine command) {
        command.getCommandSpec()
                .addOption(
                        OptionSpec.builder(CONFIG)
                                .paramLabel("FILE")
                                .type(String.class)
                                .description(
                                        "Base configuration in Managed Flink's property-group JSON"
                                                + " (default: $STREAMLAKE_CONFIG, else conf/application-properties-local.json);"
                                                + " the options below override it key by key.")
                                .build());
        for (ConfigOption<?> option : AllOptions.list()) {
            command.getCommandSpec()
                    .addOption(
                            OptionSpec.builder("--" + option.key())
                                    .paramLabel("VALUE")
                                    .type(String.class)
                                    .description(describe(option))
                                    .build());
        }
        return command;
    }

    /** The job settings given on the command line, as the job's program arguments, in order. */
    static String[] programArguments(ParseResult parsed) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (!isJobSetting(o)) continue;
            List<String> values = parsed.matchedOption(o.longestName()).stringValues();
            // A key given twice counts once, with its last value, as in the base file.
            args.add(o.longestName());
            args.add(values.get(values.size() - 1));
        }
        return args.toArray(new String[0]);
    }

    private static boolean isJobSetting(OptionSpec o) {
        if (o.longestName().equals(CONFIG)) return true;
        for (ConfigOption<?> option : AllOptions.list()) {
            if (o.longestName().equals("--" + option.key())) return true;
        }
        return false;
    }

    /**
     * The option's own description as plain text, first sentence only (the README has the rest).
     */
    private static String describe(ConfigOption<?> option) {
        String text =
                new HtmlFormatter()
                        .format(option.description())
                        .replaceAll("<[^>]+>", "")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&");
        Matcher end = SENTENCE_END.matcher(text);
        String first = end.find() ? text.substring(0, end.start() + 1) : text;
        Object value = option.hasDefaultValue() ? option.defaultValue() : null;
        String shown =
                value instanceof Duration
                        ? TimeUtils.formatWithHighestUnit((Duration) value)
                        : value == null ? "" : String.valueOf(value);
        String def = shown.isEmpty() || shown.equals("[]") ? "" : " Default: " + shown + ".";
        // picocli reads %n and friends in descriptions: escape a literal percent sign.
        return (first + def).replace("%", "%%");
    }
}
