package dev.streamlake.tools.ddl;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamlake ddl}: writes the Athena DDL of {@code sql/athena-ddl/} from the schema file,
 * e.g. {@code bin/streamlake ddl --location s3://my-bucket/lake --projection-start 2026-11-01-00}.
 * With the defaults it writes exactly the checked-in files (a test keeps them equal).
 */
@Command(
        name = "ddl",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description =
                "Write the Athena DDL (sql/athena-ddl/) from the schema file, for your bucket with --location.")
public final class AthenaDdlCli implements Callable<Integer> {
    public static final Path DEFAULT_SCHEMA = Path.of("conf/schemas/sensor-readings.json");
    public static final Path DEFAULT_OUT = Path.of("sql/athena-ddl");
    public static final Path DEFAULT_CONFIG = Path.of("conf/application-properties-local.json");

    @Spec private CommandSpec spec;

    @Mixin private SchemaOption schema;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The job's properties: with scoring or hotspots on, the events table gets their columns. Default: ${DEFAULT-VALUE}.")
    private Path config = DEFAULT_CONFIG;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write. Default: ${DEFAULT-VALUE}.")
    private Path out = DEFAULT_OUT;

    @Option(names = "--database", paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.")
    private String database = AthenaDdl.DEFAULT_DATABASE;

    @Option(
            names = "--location",
            paramLabel = "S3_URI",
            description = "The lake's location. Default: ${DEFAULT-VALUE}.")
    private String location = AthenaDdl.DEFAULT_LOCATION;

    @Option(
            names = "--projection-start",
            paramLabel = "yyyy-MM-dd-HH",
            description = "First hour of partition projection. Default: ${DEFAULT-VALUE}.")
    private String start = AthenaDdl.DEFAULT_PROJECTION_START;

    /** How the header names the schema: conf/schemas/x.json, whatever the working directory. */
    static String schemaFileName(Path schema) {
        Path name = schema.getFileName();
        Path parent = schema.toAbsolutePath().normalize().getParent();
        return parent != null && parent.endsWith(Path.of("conf", "schemas"))
                ? "conf/schemas/" + name
                : schema.toString();
    }

    @Override
    public Integer call() throws IOException {
        AthenaDdl ddl =
                new AthenaDdl(
                                TableSchema.load(schema.file()),
                                schemaFileName(schema.file()),
                                database,
                                location,
                                start)
                        .forJob(JobConfig.fromPropertyGroups(JobConfig.readPropertyGroups(config)));
        for (Map.Entry<String, String> f : ddl.files().entrySet()) {
            Path file = out.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
