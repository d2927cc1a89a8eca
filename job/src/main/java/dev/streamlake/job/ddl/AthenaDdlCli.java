package dev.streamlake.job.ddl;

import dev.streamlake.job.config.JobConfig;
import dev.streamlake.udfs.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the Athena DDL of {@code sql/athena-ddl/} from the schema file:
 *
 * <pre>
 *   mvn -q -Pathena-ddl -DskipTests -pl job -am package \
 *       -Dathena-ddl.args="--location s3://my-bucket/lake --projection-start 2026-11-01-00"
 * </pre>
 *
 * Flags: {@code --schema FILE} (conf/schemas/sensor-readings.json), {@code --config FILE} (the
 * job's properties, conf/application-properties-local.json: with {@code scoring.enabled} the
 * events table gets the score columns), {@code --out DIR}
 * (sql/athena-ddl), {@code --database NAME} (streamlake), {@code --location s3://...}
 * ({@value AthenaDdl#DEFAULT_LOCATION}), {@code --projection-start yyyy-MM-dd-HH}
 * ({@value AthenaDdl#DEFAULT_PROJECTION_START}). With the defaults it writes exactly the
 * checked-in files (a test keeps them equal).
 */
public final class AthenaDdlCli {
    public static final Path DEFAULT_SCHEMA = Path.of("conf/schemas/sensor-readings.json");
    public static final Path DEFAULT_OUT = Path.of("sql/athena-ddl");
    public static final Path DEFAULT_CONFIG = Path.of("conf/application-properties-local.json");

    private AthenaDdlCli() {}

    /** How the header names the schema: conf/schemas/x.json, whatever the working directory. */
    static String schemaFileName(Path schema) {
        Path name = schema.getFileName();
        Path parent = schema.toAbsolutePath().normalize().getParent();
        return parent != null && parent.endsWith(Path.of("conf", "schemas")) ? "conf/schemas/" + name : schema.toString();
    }

    public static void main(String[] args) throws IOException {
        Path schema = DEFAULT_SCHEMA;
        Path out = DEFAULT_OUT;
        Path config = DEFAULT_CONFIG;
        String database = AthenaDdl.DEFAULT_DATABASE;
        String location = AthenaDdl.DEFAULT_LOCATION;
        String start = AthenaDdl.DEFAULT_PROJECTION_START;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + ": no value given");
            switch (args[i]) {
                case "--schema": schema = Path.of(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--config": config = Path.of(args[++i]); break;
                case "--database": database = args[++i]; break;
                case "--location": location = args[++i]; break;
                case "--projection-start": start = args[++i]; break;
                default: throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        AthenaDdl ddl = new AthenaDdl(TableSchema.load(schema), schemaFileName(schema), database, location, start)
                .forJob(JobConfig.fromPropertyGroups(JobConfig.readPropertyGroups(config)));
        for (Map.Entry<String, String> f : ddl.files().entrySet()) {
            Path file = out.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
    }
}
