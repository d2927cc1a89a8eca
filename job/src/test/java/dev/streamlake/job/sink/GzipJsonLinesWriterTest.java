package dev.streamlake.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.udfs.lake.LineEncoder;
import dev.streamlake.udfs.record.ErrorType;
import dev.streamlake.udfs.record.FailedRecord;
import dev.streamlake.udfs.record.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipJsonLinesWriterTest {
    /** Writes {"n":<value>,"text":"..."} */
    private static final LineEncoder<Integer> NUMBERED =
            (n, out) -> {
                out.writeStartObject();
                out.writeNumberField("n", n);
                out.writeStringField("text", "reading " + n + " é😀");
                out.writeEndObject();
            };

    @TempDir Path dir;

    /**
     * Writes the values as one part file, the way the FileSink does: create, add, finish, close.
     */
    private <T> Path writePart(String name, BulkWriter.Factory<T> factory, List<T> values)
            throws IOException {
        return PartFiles.write(dir.resolve(name), factory, values);
    }

    private static List<String> gunzipLines(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).endsWith("\n");
            return List.of(text.substring(0, text.length() - 1).split("\n", -1));
        }
    }

    private static List<EncodedRecord> range(int from, int to) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(i);
        return lines(NUMBERED, out);
    }

    /** The lines as the encode step hands them over: one JSON object's bytes each. */
    private static <T> List<EncodedRecord> lines(LineEncoder<T> encoder, List<T> values)
            throws IOException {
        List<EncodedRecord> out = new ArrayList<>();
        for (T v : values) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(bytes)) {
                encoder.write(v, g);
            }
            out.add(EncodedRecord.line(0L, bytes.toByteArray()));
        }
        return out;
    }

    private static EncodedRecord errorRow(FailedRecord f) throws Exception {
        return LakeSinks.errorEncoder(TableFiles.jsonGzip(6)).encode(f);
    }

    @Test
    void writesOneJsonObjectPerLine() throws IOException {
        Path part = writePart("part-0.json.gz", new GzipJsonLinesWriter.Factory(6), range(0, 1000));

        List<String> lines = gunzipLines(Files.readAllBytes(part));

        assertThat(lines).hasSize(1000);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(mapper.readTree(lines.get(i)).get("n").asInt()).isEqualTo(i);
            assertThat(mapper.readTree(lines.get(i)).get("text").asText())
                    .isEqualTo("reading " + i + " é😀");
        }
        // Jackson 2.17 writes characters beyond U+FFFF as an escaped surrogate pair: valid JSON.
        assertThat(lines.get(7)).isEqualTo("{\"n\":7,\"text\":\"reading 7 é\\uD83D\\uDE00\"}");
    }

    @Test
    void writesErrorsTableRowsExactly() throws Exception {
        FailedRecord f =
                FailedRecord.of(
                        new RawRecord(
                                "oops".getBytes(StandardCharsets.UTF_8), "s", "sh", "1", "k", 0L),
                        ErrorType.MALFORMED_JSON,
                        "Unrecognized token 'oops'");
        Path part =
                writePart(
                        "errors.json.gz", new GzipJsonLinesWriter.Factory(6), List.of(errorRow(f)));

        assertThat(gunzipLines(Files.readAllBytes(part)))
                .containsExactly(
                        "{\"error_type\":\"MALFORMED_JSON\",\"error_message\":\"Unrecognized token 'oops'\","
                                + "\"payload\":\"oops\",\"payload_encoding\":\"utf8\",\"stream\":\"s\",\"shard_id\":\"sh\","
                                + "\"sequence_number\":\"1\",\"partition_key\":\"k\",\"arrival_time\":\"1970-01-01 00:00:00.000\"}");
    }

    @Test
    void partWithoutRecordsHasNoBytes() throws IOException {
        Path part = writePart("empty.json.gz", new GzipJsonLinesWriter.Factory(6), List.of());

        assertThat(Files.size(part)).isZero();
    }

    /** What FileSink compaction does: open a part through the writer, copy parts in, finish it. */
    @Test
    void partsCopiedIntoAWriterWithoutRecordsStayOneValidGzip() throws IOException {
        GzipJsonLinesWriter.Factory factory = new GzipJsonLinesWriter.Factory(6);
        byte[] first = Files.readAllBytes(writePart("part-0.json.gz", factory, range(0, 200)));
        byte[] second = Files.readAllBytes(writePart("part-1.json.gz", factory, range(200, 300)));
        Path compacted = dir.resolve("compacted-part-0.json.gz");
        FSDataOutputStream out = PartFiles.create(compacted);
        BulkWriter<EncodedRecord> writer = factory.create(out);
        out.write(first);
        out.write(second);
        writer.flush();
        writer.finish();
        out.close();

        List<String> lines = gunzipLines(Files.readAllBytes(compacted));
        assertThat(lines).hasSize(300);
        assertThat(lines.get(299)).startsWith("{\"n\":299,");
    }

    @Test
    void concatenatedPartsAreOneValidGzipWithAllLines() throws IOException {
        GzipJsonLinesWriter.Factory factory = new GzipJsonLinesWriter.Factory(6);
        Path first = writePart("part-0.json.gz", factory, range(0, 300));
        Path second = writePart("part-1.json.gz", factory, range(300, 500));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Files.readAllBytes(first));
        both.write(Files.readAllBytes(second));

        List<String> lines = gunzipLines(both.toByteArray());

        assertThat(lines).hasSize(500);
        assertThat(lines.get(0)).startsWith("{\"n\":0,");
        assertThat(lines.get(299)).startsWith("{\"n\":299,");
        assertThat(lines.get(300)).startsWith("{\"n\":300,");
        assertThat(lines.get(499)).startsWith("{\"n\":499,");
    }

    @Test
    void finishLeavesThePartStreamOpenForTheSink() throws IOException {
        Path file = dir.resolve("open.json.gz");
        FSDataOutputStream out = PartFiles.create(file);
        BulkWriter<EncodedRecord> writer = new GzipJsonLinesWriter.Factory(6).create(out);
        writer.addElement(range(1, 2).get(0));
        writer.finish();
        long length = out.getPos();

        out.write(new byte[0]); // still writable: the FileSink closes it, not the writer
        out.close();

        assertThat(length).isEqualTo(Files.size(file));
        assertThat(gunzipLines(Files.readAllBytes(file))).hasSize(1);
    }

    @Test
    void appliesTheCompressionLevel() throws IOException {
        java.util.Random random = new java.util.Random(5);
        List<Double> readings = new ArrayList<>();
        for (int i = 0; i < 5000; i++) readings.add(20 + random.nextGaussian());
        LineEncoder<Double> encoder =
                (t, out) -> {
                    out.writeStartObject();
                    out.writeNumberField("temperature", t);
                    out.writeEndObject();
                };
        List<EncodedRecord> lines = lines(encoder, readings);
        long fast = Files.size(writePart("l1.json.gz", new GzipJsonLinesWriter.Factory(1), lines));
        long small = Files.size(writePart("l9.json.gz", new GzipJsonLinesWriter.Factory(9), lines));

        assertThat(small).isLessThan(fast);
    }

    @Test
    void factorySurvivesJavaSerialization() throws Exception {
        GzipJsonLinesWriter.Factory copy =
                InstantiationUtil.clone(new GzipJsonLinesWriter.Factory(6));
        FailedRecord f =
                FailedRecord.of(
                        new RawRecord(new byte[] {'x'}, null, null, null, null, 0L),
                        ErrorType.OVERSIZED,
                        "big");

        assertThat(
                        gunzipLines(
                                Files.readAllBytes(
                                        writePart("copy.json.gz", copy, List.of(errorRow(f))))))
                .singleElement()
                .asString()
                .startsWith("{\"error_type\":\"OVERSIZED\"");
    }
}
