package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.config.LakeOptions;
import dev.streamlake.job.config.SourceOptions;
import dev.streamlake.job.config.ValidationOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;

/** The checked-in bad-input corpus (src/test/resources/corpus/bad-inputs.jsonl), made concrete. */
public final class Corpus {
    /** The outcome of records that must reach the events table. */
    public static final String EVENTS = "EVENTS";

    /** One corpus record: its name (also its partition key), its bytes and its expected outcome. */
    public record Entry(String name, byte[] payload, String expect) {}

    private Corpus() {}

    /**
     * The configuration the expected outcomes hold under (records over 64 kb are OVERSIZED), plus
     * {@code more}.
     */
    public static JobConfig config(Map<String, String> more) {
        return JobSettings.create()
                .set(SourceOptions.STREAM, "corpus")
                .set(SourceOptions.REGION, "us-east-1")
                .set(LakeOptions.PATH, "file:///tmp/unused")
                .set(ValidationOptions.MAX_RECORD_SIZE, MemorySize.parse("64 kb"))
                .setAll(more)
                .config();
    }

    /** Every entry, with time placeholders filled in from {@code now}. */
    public static List<Entry> load(long now) {
        ObjectMapper json = new ObjectMapper();
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/bad-inputs.jsonl");
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode e = json.readTree(line);
                String name = e.get("name").asText();
                byte[] payload;
                if (e.has("text"))
                    payload = fill(e.get("text").asText(), now).getBytes(StandardCharsets.UTF_8);
                else if (e.has("base64"))
                    payload = fill(Base64.getDecoder().decode(e.get("base64").asText()), now);
                else payload = generate(name, e.get("generate").asText(), now);
                entries.add(new Entry(name, payload, e.get("expect").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static String fill(String text, long now) {
        return text.replace("${now_iso}", Instant.ofEpochMilli(now).toString())
                .replace(
                        "${now_iso_plus0530}",
                        Instant.ofEpochMilli(now)
                                .atOffset(ZoneOffset.ofHoursMinutes(5, 30))
                                .toString())
                .replace("${now_millis}", Long.toString(now))
                .replace("${now_seconds}", Long.toString(now / 1000));
    }

    /**
     * Placeholders in raw bytes: they are ASCII, so a Latin-1 round trip keeps every other byte.
     */
    private static byte[] fill(byte[] raw, long now) {
        return fill(new String(raw, StandardCharsets.ISO_8859_1), now)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] generate(String name, String spec, long now) {
        String[] kv = spec.split(":");
        int n = Integer.parseInt(kv[1]);
        StringBuilder b =
                new StringBuilder(
                        "{\"reading_id\":\""
                                + name
                                + "\",\"device_id\":\"dev-corpus\",\"ts\":"
                                + now);
        switch (kv[0]) {
            case "deep" -> b.append(",\"deep\":").append("[".repeat(n)).append("]".repeat(n));
            case "deep-attributes" ->
                    b.append(",\"attributes\":").append("[".repeat(n)).append("]".repeat(n));
            case "fields" -> {
                for (int i = 0; i < n; i++) b.append(",\"f").append(i).append("\":").append(i);
            }
            case "number-digits" -> b.append(",\"temperature\":").append("9".repeat(n));
            case "string-bytes" -> b.append(",\"status\":\"").append("x".repeat(n)).append('"');
            default -> throw new IllegalArgumentException("unknown generator " + spec);
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
