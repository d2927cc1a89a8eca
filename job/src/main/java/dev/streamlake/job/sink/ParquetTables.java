package dev.streamlake.job.sink;

import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Parquet files of a lake table: the Parquet schema derived from its columns, a writer for the
 * FileSink and a reader for compaction.
 *
 * <p>Types: string and json → {@code BINARY (STRING)} (JSON kept as its text, as in the JSON table,
 * so {@code json_extract} works the same); bigint → {@code INT64}; int → {@code INT32}; double →
 * {@code DOUBLE}; boolean → {@code BOOLEAN}; timestamp → {@code INT64 TIMESTAMP(MILLIS,
 * isAdjustedToUTC=true)}. Not INT96: it is deprecated in Parquet, and Athena engine 3 (Trino) reads
 * INT64 timestamps into a {@code timestamp} column; the values are UTC instants, which is what
 * {@code isAdjustedToUTC} says, and Athena shows them in UTC, exactly as the JSON table's {@code
 * yyyy-MM-dd HH:mm:ss.SSS} text. Every column is {@code OPTIONAL}; null values are simply absent,
 * as in the JSON table.
 *
 * <p>The writer takes {@link EncodedRecord}s whose values {@link TableEncoder} has already checked
 * and turned into what Parquet stores (text as UTF-8 bytes), so it only copies them; the reader
 * gives compaction the same records back.
 */
public final class ParquetTables {
    private ParquetTables() {}

    /** The Parquet schema of a table's columns. */
    public static MessageType schema(String table, LakeColumns<?> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.name(i);
            switch (columns.type(i)) {
                case STRING:
                case JSON:
                    b.optional(PrimitiveTypeName.BINARY)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(name);
                    break;
                case BIGINT:
                    b.optional(PrimitiveTypeName.INT64).named(name);
                    break;
                case INT:
                    b.optional(PrimitiveTypeName.INT32).named(name);
                    break;
                case DOUBLE:
                    b.optional(PrimitiveTypeName.DOUBLE).named(name);
                    break;
                case BOOLEAN:
                    b.optional(PrimitiveTypeName.BOOLEAN).named(name);
                    break;
                case TIMESTAMP:
                    b.optional(PrimitiveTypeName.INT64)
                            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                            .named(name);
                    break;
                default:
                    throw new IllegalArgumentException(columns.type(i).name());
            }
        }
        return b.named(table);
    }

    /** A FileSink bulk writer factory: one Parquet file per part file. */
    public static ParquetWriterFactory<EncodedRecord> writerFactory(
            String table, LakeColumns<?> columns, ParquetCompression compression) {
        return new ParquetWriterFactory<>(new Builder(table, columns, codecOf(compression)));
    }

    /** Reads a table's Parquet part file record by record (compaction). */
    public static RecordWiseFileCompactor.Reader.Factory<EncodedRecord> readerFactory(
            String table, LakeColumns<?> columns) {
        return path -> new FileReader(path, table, columns);
    }

    static CompressionCodecName codecOf(ParquetCompression compression) {
        switch (compression) {
            case SNAPPY:
                return CompressionCodecName.SNAPPY;
            case GZIP:
                return CompressionCodecName.GZIP;
            case ZSTD:
                return CompressionCodecName.ZSTD;
            default:
                throw new IllegalArgumentException(compression.name());
        }
    }

    /** Creates the Parquet writer of each part file; serializable, shipped with the sink. */
    private static final class Builder implements ParquetBuilder<EncodedRecord> {
        private static final long serialVersionUID = 1L;
        private final String table;
        private final LakeColumns<?> columns;
        private final CompressionCodecName codec;

        Builder(String table, LakeColumns<?> columns, CompressionCodecName codec) {
            this.table = table;
            this.columns = columns;
            this.codec = codec;
        }

        @Override
        public ParquetWriter<EncodedRecord> createWriter(OutputFile out) throws IOException {
            return new WriterBuilder<>(
                            out, new ColumnsWriteSupport(schema(table, columns), columns))
                    .withCompressionCodec(codec)
                    .build();
        }
    }

    private static final class WriterBuilder<T> extends ParquetWriter.Builder<T, WriterBuilder<T>> {
        private final WriteSupport<T> writeSupport;

        WriterBuilder(OutputFile out, WriteSupport<T> writeSupport) {
            super(out);
            this.writeSupport = writeSupport;
        }

        @Override
        protected WriterBuilder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }

    /** Writes a record's non-null values as they are: the encoder made them what Parquet stores. */
    static final class ColumnsWriteSupport extends WriteSupport<EncodedRecord> {
        private final MessageType schema;
        private final LakeColumns<?> columns;
        private RecordConsumer out;

        ColumnsWriteSupport(MessageType schema, LakeColumns<?> columns) {
            this.schema = schema;
            this.columns = columns;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of("writer.model.name", "streamlake"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(EncodedRecord record) {
            Object[] values = record.values();
            out.startMessage();
            for (int i = 0; i < columns.size(); i++) {
                Object v = values[i];
                if (v == null) continue;
                String name = columns.name(i);
                out.startField(name, i);
                switch (columns.type(i)) {
                    case STRING:
                    case JSON:
                        out.addBinary(Binary.fromConstantByteArray((byte[]) v));
                        break;
                    case BIGINT:
                    case TIMESTAMP:
                        out.addLong((Long) v);
                        break;
                    case INT:
                        out.addInteger((Integer) v);
                        break;
                    case DOUBLE:
                        out.addDouble((Double) v);
                        break;
                    case BOOLEAN:
                        out.addBoolean((Boolean) v);
                        break;
                }
                out.endField(name, i);
            }
            out.endMessage();
        }
    }

    /** One part file read back as records of the table. */
    private static final class FileReader implements RecordWiseFileCompactor.Reader<EncodedRecord> {
        private final ParquetReader<EncodedRecord> reader;

        FileReader(Path path, String table, LakeColumns<?> columns) throws IOException {
            FileSystem fs = path.getFileSystem();
            long length = fs.getFileStatus(path).getLen();
            FSDataInputStream in = fs.open(path);
            try {
                this.reader =
                        new ReaderBuilder<>(
                                        new ParquetInputFile(in, length),
                                        new ColumnsReadSupport(
                                                schema(table, columns), columns.size()))
                                .build();
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        @Override
        public EncodedRecord read() throws IOException {
            return reader.read();
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }

    private static final class ReaderBuilder<T> extends ParquetReader.Builder<T> {
        private final ReadSupport<T> readSupport;

        ReaderBuilder(InputFile file, ReadSupport<T> readSupport) {
            super(file);
            this.readSupport = readSupport;
        }

        @Override
        protected ReadSupport<T> getReadSupport() {
            return readSupport;
        }
    }

    /**
     * Materializes records of the table by column position, values as the writer took them (text as
     * its bytes); the partition time is not stored and reads back as 0 (compaction, the only
     * reader, keeps each file's partition).
     */
    static final class ColumnsReadSupport extends ReadSupport<EncodedRecord> {
        private final MessageType schema;
        private final int size;

        ColumnsReadSupport(MessageType schema, int size) {
            this.schema = schema;
            this.size = size;
        }

        @Override
        public ReadContext init(InitContext context) {
            return new ReadContext(schema);
        }

        @Override
        public RecordMaterializer<EncodedRecord> prepareForRead(
                Configuration configuration,
                Map<String, String> keyValueMetaData,
                MessageType fileSchema,
                ReadContext readContext) {
            return new Materializer(size);
        }
    }

    private static final class Materializer extends RecordMaterializer<EncodedRecord> {
        private final Converter[] converters;
        private Object[] values;
        private final GroupConverter root;

        Materializer(int size) {
            this.converters = new Converter[size];
            for (int i = 0; i < converters.length; i++) {
                final int index = i;
                converters[i] =
                        new PrimitiveConverter() {
                            @Override
                            public void addBinary(Binary value) {
                                values[index] = value.getBytes();
                            }

                            @Override
                            public void addLong(long value) {
                                values[index] = value;
                            }

                            @Override
                            public void addInt(int value) {
                                values[index] = value;
                            }

                            @Override
                            public void addDouble(double value) {
                                values[index] = value;
                            }

                            @Override
                            public void addBoolean(boolean value) {
                                values[index] = value;
                            }
                        };
            }
            this.root =
                    new GroupConverter() {
                        @Override
                        public Converter getConverter(int fieldIndex) {
                            return converters[fieldIndex];
                        }

                        @Override
                        public void start() {
                            values = new Object[converters.length];
                        }

                        @Override
                        public void end() {}
                    };
        }

        @Override
        public EncodedRecord getCurrentRecord() {
            return EncodedRecord.values(0L, values);
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
