package dev.streamlake.job.sink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Newline-delimited JSON in one GZIP stream per part file. The lines come encoded ({@link
 * EncodedRecord#line()}, by {@link TableEncoder}): the writer only adds the line break and
 * compresses, so no record's content can make it throw.
 *
 * <p>A bulk writer rather than a row encoder: a row encoder would have to close a gzip member per
 * record (about 80 bytes of overhead each); one stream per file compresses across records.
 *
 * <p>The GZIP stream starts with the first record, not when the part file opens: a file that
 * receives no record stays empty. Compaction relies on it: Flink opens the compacted file through
 * this writer, copies the parts' bytes into it and then finishes the writer, so an eager GZIP
 * header (and an empty trailing member) would corrupt the concatenation.
 */
final class GzipJsonLinesWriter implements BulkWriter<EncodedRecord> {
    private static final int BUFFER = 64 * 1024;

    private final FSDataOutputStream out;
    private final int level;
    private Gzip gzip;

    /** Lines gathered into 64 KB chunks for the deflater: a native call per line costs 7 %. */
    private BufferedOutputStream lines;

    GzipJsonLinesWriter(FSDataOutputStream out, int level) {
        this.out = out;
        this.level = level;
    }

    @Override
    public void addElement(EncodedRecord element) throws IOException {
        // The part file's stream belongs to the FileSink: closing it is its call, not the gzip's.
        if (gzip == null) {
            gzip = new Gzip(out, level);
            lines = new BufferedOutputStream(gzip, BUFFER);
        }
        lines.write(element.line());
        lines.write('\n');
    }

    @Override
    public void flush() throws IOException {
        if (gzip == null) return;
        lines.flush(); // and the gzip stream, as before
    }

    @Override
    public void finish() throws IOException {
        if (gzip == null) return; // no record: an empty file, not an empty GZIP member
        lines.flush();
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
    static final class Factory implements BulkWriter.Factory<EncodedRecord> {
        private static final long serialVersionUID = 1L;
        private final int level;

        Factory(int level) {
            this.level = level;
        }

        @Override
        public BulkWriter<EncodedRecord> create(FSDataOutputStream out) throws IOException {
            return new GzipJsonLinesWriter(out, level);
        }
    }
}
