package dev.streamlake.job.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;

/** Part files of the bulk formats, written for tests the way the FileSink writes them. */
final class PartFiles {
    private PartFiles() {}

    /** Writes {@code values} as one part file at {@code file}: create, add, finish, close. */
    static <T> Path write(Path file, BulkWriter.Factory<T> factory, List<T> values)
            throws IOException {
        FSDataOutputStream out = create(file);
        BulkWriter<T> writer = factory.create(out);
        for (T v : values) writer.addElement(v);
        writer.finish();
        out.close();
        return file;
    }

    /** A new file on Flink's local file system, as the FileSink opens a part file. */
    static FSDataOutputStream create(Path file) throws IOException {
        return FileSystem.getLocalFileSystem()
                .create(
                        new org.apache.flink.core.fs.Path(file.toUri()),
                        FileSystem.WriteMode.NO_OVERWRITE);
    }
}
