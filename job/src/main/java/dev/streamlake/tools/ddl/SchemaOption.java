package dev.streamlake.tools.ddl;

import dev.streamlake.udfs.schema.TableSchema;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --schema FILE}, the schema file the lake's tables are defined by: one option (name,
 * default, help) for every command that reads it ({@code ddl}, {@code query}).
 */
public final class SchemaOption {
    @Option(
            names = "--schema",
            paramLabel = "FILE",
            description = "The schema file. Default: ${DEFAULT-VALUE}.")
    private Path file = AthenaDdlCli.DEFAULT_SCHEMA;

    public Path file() {
        return file;
    }

    /** The tables' DDL (their columns) from this schema file. */
    public AthenaDdl ddl() {
        return ddl(file);
    }

    public static AthenaDdl ddl(Path schemaFile) {
        return new AthenaDdl(TableSchema.load(schemaFile), schemaFile.toString());
    }
}
