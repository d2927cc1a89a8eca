package dev.streamlake.job.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.streamlake.udfs.lake.LineEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Newline-delimited JSON in one GZIP stream per part file.
 *
 * <p>A bulk writer rather than a row encoder: a row encoder would have to close a gzip member per
 * record (about 80 bytes of overhead each); one stream per file compresses across records.
 *
 * <p>The GZIP stream starts with the first record, not when the part file opens: a file that
 * receives no record stays empty. Compaction relies on it: Flink opens the compacted file through
 * this writer, copies the parts' bytes into it and then finishes the writer, so an eager GZIP
 * header (and an empty trailing member) would corrupt the concatenation.
 */
final class GzipJsonLinesWriter<T> implements BulkWriter<T> {
    // Shortest round-trip digits for doubles (Schubfach), much faster than Double.toString.
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final int BUFFER = 64 * 1024;

    private final LineEncoder<T> encoder;
    private final FSDataOutputStream out;
    private final int level;
    private Gzip gzip;
    private JsonGenerator json;

    GzipJsonLinesWriter(FSDataOutputStream out, LineEncoder<T> encoder, int level) {
        this.encoder = encoder;
        this.out = out;
        this.level = level;
    }

    private void start() throws IOException {
        gzip = new Gzip(out, level);
        json = JSON.createGenerator(gzip);
        // The part file's stream belongs to the FileSink: flushing and closing are its calls.
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        json.setRootValueSeparator(null);
    }

    @Override
    public void addElement(T element) throws IOException {
        if (json == null) start();
        encoder.write(element, json);
        json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        if (json == null) return;
        json.flush();
        gzip.flush();
    }

    @Override
    public void finish() throws IOException {
        if (json == null) return; // no record: an empty file, not an empty GZIP member
        json.flush();
        gzip.finish(); // writes the gzip trailer; the FileSink closes the stream itself
        gzip.releaseDeflater();
    }

    /** A GZIPOutputStream at a chosen level whose native deflater is freed when the part ends. */
    private static final class Gzip extends GZIPOutputStream {
        Gzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }

        void releaseDeflater() {
            def.end();
        }
    }

    /** Creates a writer per part file; serializable, as the FileSink ships it to the tasks. */
    static final class Factory<T> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;
        private final LineEncoder<T> encoder;
        private final int level;

        Factory(LineEncoder<T> encoder, int level) {
            this.encoder = encoder;
            this.level = level;
        }

        @Override
        public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
            return new GzipJsonLinesWriter<>(out, encoder, level);
        }
    }
}
