package dev.streamlake.tools.ship;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's {@code dataProcessingOptions} steps (awslabs/amazon-kinesis-agent {@code
 * processing/processors/*DataConverter}, {@code ProcessingUtilsFactory}), with their behaviour
 * kept: SINGLELINE joins a record's lines (trimmed unless {@code NO_TRIM}, joined with a literal
 * {@code \n} under {@code ESCAPE_NEW_LINE}); CSVTOJSON splits on the {@code delimiter} regex
 * (default {@code ,}) into {@code customFieldNames}, missing columns null, extra ones dropped;
 * LOGTOJSON parses a {@link LogFormat} (or {@code matchPattern} with {@code customFieldNames}) and
 * skips lines that do not match; ADDMETADATA wraps the record as {@code {"ts":..., "metadata":...,
 * "data":"<record>"}}. Every JSON step writes compact JSON unless {@code jsonFormat} is {@code
 * PRETTYPRINT}, and ends the record with a newline.
 */
final class Converters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Converters() {}

    /** The named steps; options the shipper cannot honour are passed to {@code unsupported}. */
    static List<RecordConverter> of(
            List<ConfigObject> options, Clock clock, Consumer<String> unsupported) {
        List<RecordConverter> chain = new ArrayList<>();
        for (ConfigObject o : options) {
            String name = o.requiredString("optionName").toUpperCase(java.util.Locale.ROOT);
            switch (name) {
                case "SINGLELINE":
                    chain.add(singleLine(o.strings("parseOptions")));
                    break;
                case "CSVTOJSON":
                    chain.add(
                            csvToJson(
                                    required(o, "customFieldNames"),
                                    o.string("delimiter", ","),
                                    writer(o)));
                    break;
                case "LOGTOJSON":
                    chain.add(logToJson(o, writer(o)));
                    break;
                case "ADDMETADATA":
                    chain.add(
                            addMetadata(
                                    o.take("metadata"),
                                    o.bool("timestamp", false),
                                    writer(o),
                                    clock));
                    break;
                case "ADDEC2METADATA":
                    o.take("metadataTTL");
                    o.take("logFormat");
                    unsupported.accept(
                            o.path("optionName")
                                    + ": ADDEC2METADATA needs the EC2 instance metadata "
                                    + "service and EC2 DescribeTags; records pass this step unchanged (use ADDMETADATA "
                                    + "with the instance's values)");
                    break;
                default:
                    unsupported.accept(
                            o.path("optionName")
                                    + ": "
                                    + name
                                    + " is not supported (ADDBRACKETS, USINGPLUGGIN: no plug-in classes are loaded); "
                                    + "records pass this step unchanged");
            }
            o.unread().forEach(k -> unsupported.accept(k + ": unknown key, ignored"));
        }
        return chain;
    }

    private static List<String> required(ConfigObject o, String key) {
        List<String> v = o.strings(key);
        if (v == null || v.isEmpty())
            throw new IllegalArgumentException(o.path(key) + ": required");
        return v;
    }

    private static ObjectWriter writer(ConfigObject o) {
        String format = o.string("jsonFormat", "COMPACT").toUpperCase(java.util.Locale.ROOT);
        if (format.equals("COMPACT")) return JSON.writer();
        if (format.equals("PRETTYPRINT")) return JSON.writerWithDefaultPrettyPrinter();
        throw new IllegalArgumentException(
                o.path("jsonFormat") + ": \"" + format + "\" is not one of [COMPACT, PRETTYPRINT]");
    }

    static RecordConverter singleLine(List<String> parseOptions) {
        boolean noTrim = parseOptions != null && parseOptions.contains("NO_TRIM");
        String joiner =
                parseOptions != null && parseOptions.contains("ESCAPE_NEW_LINE") ? "\\n" : "";
        return record -> {
            String[] lines = text(record).split("\n");
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) out.append(joiner);
                out.append(noTrim ? lines[i] : lines[i].trim());
            }
            return bytes(out.append('\n').toString());
        };
    }

    static RecordConverter csvToJson(List<String> fields, String delimiter, ObjectWriter json) {
        Pattern split = Pattern.compile(delimiter);
        return record -> {
            String[] columns = split.split(withoutNewline(text(record)));
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++)
                row.put(fields.get(i), i < columns.length ? columns[i] : null);
            return jsonLine(json, row);
        };
    }

    private static RecordConverter logToJson(ConfigObject o, ObjectWriter json) {
        LogFormat format = o.choice("logFormat", LogFormat.class, null);
        if (format == null) throw new IllegalArgumentException(o.path("logFormat") + ": required");
        List<String> fields = o.strings("customFieldNames");
        String matchPattern = o.string("matchPattern", null);
        if (matchPattern != null && fields == null) {
            throw new IllegalArgumentException(
                    o.path("customFieldNames") + ": required with matchPattern");
        }
        if (matchPattern == null && fields != null && fields.size() != format.fields.size()) {
            throw new IllegalArgumentException(
                    o.path("customFieldNames")
                            + ": "
                            + format
                            + " has "
                            + format.fields.size()
                            + " fields "
                            + format.fields
                            + ", not "
                            + fields.size());
        }
        return logToJson(
                matchPattern == null ? format.pattern : Pattern.compile(matchPattern),
                fields == null ? format.fields : fields,
                format.dashIsNull,
                json);
    }

    static RecordConverter logToJson(
            Pattern pattern, List<String> fields, boolean dashIsNull, ObjectWriter json) {
        return record -> {
            Matcher m = pattern.matcher(withoutNewline(text(record)));
            if (!m.matches() || m.groupCount() != fields.size())
                return null; // skipped, as the agent does
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                String v = m.group(i + 1);
                row.put(fields.get(i), dashIsNull && "-".equals(v) ? null : v);
            }
            return jsonLine(json, row);
        };
    }

    static RecordConverter addMetadata(
            JsonNode metadata, boolean timestamp, ObjectWriter json, Clock clock) {
        return record -> {
            Map<String, Object> row = new LinkedHashMap<>();
            if (timestamp) row.put("ts", TS.format(clock.instant()));
            row.put("metadata", metadata);
            row.put("data", withoutNewline(text(record)));
            return jsonLine(json, row);
        };
    }

    private static byte[] jsonLine(ObjectWriter json, Map<String, Object> row)
            throws RecordConverter.ConversionException {
        try {
            return bytes(json.writeValueAsString(row) + "\n");
        } catch (JsonProcessingException e) {
            throw new RecordConverter.ConversionException(
                    "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String withoutNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String text(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
