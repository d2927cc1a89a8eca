package dev.streamlake.e2e.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.udfs.lake.FailedRecordEncoder;
import dev.streamlake.udfs.lake.LakeLayout;
import dev.streamlake.udfs.schema.Column;
import dev.streamlake.udfs.schema.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written Parquet DDL (sql/athena-ddl/parquet/) against the schema and the lake layout. */
class ParquetDdlTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", "../.."));
    private static final Path DIR = ROOT.resolve("sql/athena-ddl/parquet");
    private static final Pattern COLUMN = Pattern.compile("^\\s+([a-z_][a-z0-9_]*)\\s+([a-z]+),?\\s*$", Pattern.MULTILINE);

    @Test
    void eventsDdlHasTheSchemasColumnsAsParquet() throws Exception {
        TableSchema schema = TableSchema.load(ROOT.resolve("conf/schemas/sensor-readings.json"));
        Map<String, String> expected = new LinkedHashMap<>();
        for (Column c : schema.columns()) expected.put(c.name(), c.type().athenaType());
        assertTable("events.sql", LakeLayout.EVENTS, expected);
    }

    @Test
    void errorsDdlHasTheErrorColumnsAsParquet() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] c : FailedRecordEncoder.COLUMNS) expected.put(c[0], c[1]);
        assertTable("errors.sql", LakeLayout.ERRORS, expected);
    }

    private static void assertTable(String file, String table, Map<String, String> expected) throws Exception {
        String ddl = Files.readString(DIR.resolve(file));
        String body = ddl.substring(ddl.indexOf("CREATE EXTERNAL TABLE IF NOT EXISTS " + table + " ("),
                ddl.indexOf("PARTITIONED BY"));
        Map<String, String> columns = new LinkedHashMap<>();
        Matcher m = COLUMN.matcher(body);
        while (m.find()) columns.put(m.group(1), m.group(2));
        assertThat(columns).containsExactlyEntriesOf(expected);
        assertThat(ddl).contains("PARTITIONED BY (dt string)").contains("STORED AS PARQUET")
                .contains("'projection.dt.format'        = '" + LakeLayout.DT_FORMAT + "'")
                .contains("/" + table + "/" + LakeLayout.TEMPLATE + "'")
                .doesNotContain("SERDE");
    }
}
