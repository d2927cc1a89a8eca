package dev.streamlake.job.sink;

import dev.streamlake.job.config.IcebergConfig;
import dev.streamlake.job.config.LakeOptions.ParquetCompression;
import dev.streamlake.job.config.S3Config;
import dev.streamlake.job.config.TableFiles;
import dev.streamlake.job.metrics.LakeMetrics;
import dev.streamlake.udfs.schema.ColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.MappingIcebergSink;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Lake tables as Apache Iceberg tables: the Iceberg schema derived from a table's columns, hidden
 * hourly partitioning on its time column, the table created (or its schema evolved) in the catalog
 * when the job is built, and Iceberg's Flink sink, which commits once per checkpoint.
 *
 * <p>Types: string and json → {@code string} (JSON kept as its text, as in the other formats, so
 * {@code json_extract} works the same); bigint → {@code long}; int → {@code int}; double → {@code
 * double}; boolean → {@code boolean}; timestamp → {@code timestamp} (without zone, microseconds),
 * not {@code timestamptz}: the values are UTC instants shown in UTC, exactly as the JSON table's
 * {@code timestamp} columns, so the same queries (comparisons with {@code timestamp '...'}
 * literals, {@code date_trunc}, {@code format_datetime}) give the same results over both; Athena's
 * {@code CREATE TABLE ... 'table_type'='ICEBERG'} makes {@code timestamp} columns exactly this
 * type, and Athena engine 3 reads {@code timestamptz} as {@code timestamp(6) with time zone}, which
 * compares and prints differently. Every column is optional (null values are simply absent, as in
 * the JSON table).
 *
 * <p>Partitioning is hidden: {@code hours(event_time)} for events and anomalies, {@code
 * hours(arrival_time)} for errors, so readers filter on the column itself and need no {@code dt}.
 *
 * <p>Schema evolution: when the table exists, columns of the schema file it lacks are added
 * (optional; old rows read them as null), matched by name; a column removed from the file stays in
 * the table (null from then on). An incompatible change (a type Iceberg cannot promote) stops the
 * job at start-up with Iceberg's message, naming the table.
 */
public final class IcebergTables {
    private IcebergTables() {}

    /** The Iceberg schema of a table's columns: all optional, ids 1..n in column order. */
    public static Schema schema(LakeColumns<?> columns) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            fields.add(Types.NestedField.optional(i + 1, columns.name(i), typeOf(columns.type(i))));
        }
        return new Schema(fields);
    }

    /** {@code hours(timeColumn)}. */
    public static PartitionSpec spec(Schema schema, String timeColumn) {
        return PartitionSpec.builderFor(schema).hour(timeColumn).build();
    }

    /**
     * The catalog the configuration names, for a lake at {@code lakePath} (Hadoop's configuration
     * is only read by HadoopFileIO, on local lakes).
     */
    public static CatalogLoader catalog(IcebergConfig iceberg, String lakePath, S3Config s3) {
        Map<String, String> props = iceberg.catalogProperties(lakePath, s3);
        return CatalogLoader.custom(
                iceberg.catalogName(),
                props,
                new org.apache.hadoop.conf.Configuration(),
                props.get("catalog-impl"));
    }

    /**
     * The table {@code database.name} at {@code location}: created if missing, else given the
     * columns of {@code schema} it lacks. Returns it as it now is.
     */
    public static Table ensure(
            Catalog catalog,
            String database,
            String name,
            Schema schema,
            String timeColumn,
            String location,
            ParquetCompression compression) {
        TableIdentifier id = TableIdentifier.of(database, name);
        if (catalog instanceof SupportsNamespaces) {
            SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
            Namespace ns = Namespace.of(database);
            if (!namespaces.namespaceExists(ns)) {
                try {
                    namespaces.createNamespace(ns);
                } catch (AlreadyExistsException raced) {
                    // another job created it meanwhile
                }
            }
        }
        try {
            return evolve(catalog.loadTable(id), schema);
        } catch (NoSuchTableException missing) {
            try {
                return catalog.buildTable(id, schema)
                        .withPartitionSpec(spec(schema, timeColumn))
                        .withLocation(location)
                        .withProperty(TableProperties.FORMAT_VERSION, "2")
                        .withProperty(TableProperties.DEFAULT_FILE_FORMAT, "parquet")
                        .withProperty(
                                TableProperties.PARQUET_COMPRESSION,
                                compression.name().toLowerCase(Locale.ROOT))
                        // One commit per checkpoint makes a metadata file each time: keep the last
                        // 100.
                        .withProperty(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
                        .withProperty(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100")
                        .create();
            } catch (AlreadyExistsException raced) {
                return evolve(catalog.loadTable(id), schema);
            }
        }
    }

    private static Table evolve(Table table, Schema schema) {
        try {
            UpdateSchema update = table.updateSchema().unionByNameWith(schema);
            if (!update.apply().sameSchema(table.schema())) {
                update.commit();
                table.refresh();
            }
            return table;
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Iceberg table "
                            + table.name()
                            + ": cannot take the schema file's columns: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The lake table {@code name} as an Iceberg table in the configured catalog, at {@code
     * <lakePath>/<name>}, partitioned by the hour of {@code timeColumn}, written by Iceberg's Flink
     * sink, with the metrics of the other formats' tables (see {@link LakeTableSink}): {@value
     * LakeMetrics#DATA_FRESHNESS} (and {@value LakeMetrics#EVENT_TIME_LAG} if {@code eventTime})
     * from a {@link CommitWatch} before the writer, {@value LakeMetrics#FILES_COMMITTED} and
     * {@value LakeMetrics#BYTES_COMMITTED} (data files, as Iceberg's committer counts them once
     * their snapshot is committed).
     */
    static Sink<EncodedRecord> sink(
            String lakePath,
            String name,
            LakeColumns<?> columns,
            String timeColumn,
            TableFiles files,
            boolean eventTime) {
        IcebergConfig iceberg = files.iceberg();
        CatalogLoader catalogLoader = catalog(iceberg, lakePath, files.s3());
        Schema schema = schema(columns);
        Catalog catalog = catalogLoader.loadCatalog();
        try {
            Table table =
                    ensure(
                            catalog,
                            iceberg.database(),
                            name,
                            schema,
                            timeColumn,
                            lakePath + "/" + name,
                            files.parquetCompression());
            TableLoader loader =
                    TableLoader.fromCatalog(
                            catalogLoader, TableIdentifier.of(iceberg.database(), name));
            // The sink keeps a serializable copy of the table (taken here) for its writers, which
            // take rows of the table's columns in its order (the schema file's may differ).
            return MappingIcebergSink.of(
                    loader,
                    table,
                    Map.of(),
                    "lake-" + name,
                    ToRow.of(columns, table.schema()),
                    input -> CommitWatch.before(input, name, eventTime),
                    committerMetrics -> counters(committerMetrics, name));
        } finally {
            closeQuietly(catalog);
        }
    }

    /** {@value LakeMetrics#FILES_COMMITTED} and {@value LakeMetrics#BYTES_COMMITTED} of a table. */
    static MappingIcebergSink.Committed counters(MetricGroup committerMetrics, String table) {
        MetricGroup metrics = LakeMetrics.ofTable(committerMetrics, table);
        Counter files = metrics.counter(LakeMetrics.FILES_COMMITTED);
        Counter bytes = metrics.counter(LakeMetrics.BYTES_COMMITTED);
        return (dataFiles, dataBytes) -> {
            files.inc(dataFiles);
            bytes.inc(dataBytes);
        };
    }

    private static void closeQuietly(Catalog catalog) {
        if (catalog instanceof AutoCloseable) {
            try {
                ((AutoCloseable) catalog).close();
            } catch (Exception e) {
                if (e instanceof IOException) throw new UncheckedIOException((IOException) e);
                throw new IllegalStateException(e);
            }
        }
    }

    static Type typeOf(ColumnType type) {
        switch (type) {
            case STRING:
            case JSON:
                return Types.StringType.get();
            case BIGINT:
                return Types.LongType.get();
            case INT:
                return Types.IntegerType.get();
            case DOUBLE:
                return Types.DoubleType.get();
            case BOOLEAN:
                return Types.BooleanType.get();
            case TIMESTAMP:
                return Types.TimestampType.withoutZone();
            default:
                throw new IllegalArgumentException(type.name());
        }
    }

    /**
     * An encoded record's values ({@link TableEncoder}'s Parquet form, already checked against
     * their columns) as Flink's internal row of the table's columns, matched by name: text as its
     * UTF-8 bytes, timestamps from epoch millis (UTC); a table column the schema file no longer has
     * is null. Only wraps, so it cannot fail on what a record holds.
     */
    static final class ToRow implements MappingIcebergSink.ToRowData<EncodedRecord> {
        private static final long serialVersionUID = 1L;

        /** For each table column, the record's value index, or -1. */
        private final int[] source;

        private final ColumnType[] types;

        private ToRow(int[] source, ColumnType[] types) {
            this.source = source;
            this.types = types;
        }

        static ToRow of(LakeColumns<?> columns, Schema table) {
            List<Types.NestedField> fields = table.columns();
            int[] source = new int[fields.size()];
            ColumnType[] types = new ColumnType[fields.size()];
            for (int t = 0; t < source.length; t++) {
                source[t] = -1;
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.name(i).equals(fields.get(t).name())) {
                        source[t] = i;
                        types[t] = columns.type(i);
                    }
                }
            }
            return new ToRow(source, types);
        }

        @Override
        public RowData apply(EncodedRecord record) {
            Object[] values = record.values();
            GenericRowData row = new GenericRowData(source.length);
            for (int t = 0; t < source.length; t++) {
                Object v = source[t] < 0 ? null : values[source[t]];
                if (v == null) continue;
                switch (types[t]) {
                    case STRING:
                    case JSON:
                        row.setField(t, StringData.fromBytes((byte[]) v));
                        break;
                    case TIMESTAMP:
                        row.setField(t, TimestampData.fromEpochMillis((Long) v));
                        break;
                    default:
                        row.setField(t, v);
                }
            }
            return row;
        }
    }
}
