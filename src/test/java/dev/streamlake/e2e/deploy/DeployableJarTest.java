package dev.streamlake.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Managed Flink gets: the shaded jar built by job/'s maven-shade execution. */
class DeployableJarTest {
    /** Packages of Flink's own runtime (flink-dist), which the service provides. */
    private static final List<String> FLINK_RUNTIME =
            List.of(
                    "org/apache/flink/streaming/api/",
                    "org/apache/flink/streaming/runtime/",
                    "org/apache/flink/api/common/",
                    "org/apache/flink/api/java/",
                    "org/apache/flink/runtime/",
                    "org/apache/flink/core/",
                    "org/apache/flink/configuration/",
                    "org/apache/flink/client/",
                    "org/apache/flink/util/",
                    "org/apache/flink/types/",
                    "org/apache/flink/metrics/",
                    "org/apache/flink/shaded/",
                    // the S3 file system is a plugin of the runtime, not of the job (see README)
                    "org/apache/flink/fs/",
                    "org/apache/hadoop/",
                    // logging is the runtime's
                    "org/slf4j/",
                    "org/apache/logging/log4j/");

    /** Where flink-connector-kinesis relocates the AWS SDK v1. */
    private static final String SDK_V1 = "org/apache/flink/kinesis/shaded/com/amazonaws/";

    private static JarFile jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(DeployFiles.deployableJar().toFile());
        entries = new ArrayList<>();
        jar.stream().map(ZipEntry::getName).forEach(entries::add);
    }

    @Test
    void manifestNamesTheJobsMainClass() throws IOException {
        String main = jar.getManifest().getMainAttributes().getValue("Main-Class");
        assertThat(main).isEqualTo("dev.streamlake.job.StreamingJob");
        assertThat(entries).contains(main.replace('.', '/') + ".class");
    }

    @Test
    void bundlesTheJobItsLibrariesConnectorsAndSchemas() {
        assertThat(entries)
                .contains(
                        "dev/streamlake/udfs/lake/LakeLayout.class",
                        "org/apache/flink/streaming/connectors/kinesis/FlinkKinesisConsumer.class",
                        "org/apache/flink/connector/file/sink/FileSink.class",
                        "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class",
                        "com/fasterxml/jackson/databind/ObjectMapper.class",
                        "schemas/sensor-readings.json");
    }

    @Test
    void bundlesNoCommandLineTools() {
        // bin/streamlake's tools (dev.streamlake.tools) and their libraries run on a workstation.
        assertThat(entries).filteredOn(e -> e.startsWith("dev/streamlake/tools/")).isEmpty();
        assertThat(entries)
                .filteredOn(
                        e ->
                                e.startsWith("picocli/")
                                        || e.startsWith("org/duckdb/")
                                        || e.startsWith("software/amazon/awssdk/services/kinesis/"))
                .isEmpty();
        assertThat(entries).contains("dev/streamlake/job/pipeline/LakePipeline.class");
    }

    @Test
    void bundlesNoFlinkRuntimeClasses() {
        Map<String, Integer> offending = new TreeMap<>();
        for (String e : entries) {
            for (String prefix : FLINK_RUNTIME) {
                if (e.startsWith(prefix)) offending.merge(prefix, 1, Integer::sum);
            }
        }
        assertThat(offending).as("entries under Flink runtime packages").isEmpty();
    }

    @Test
    void everyClassRunsOnJava11() throws IOException {
        Map<String, Integer> tooNew = new TreeMap<>();
        int classes = 0;
        for (String e : entries) {
            if (!e.endsWith(".class")) continue;
            classes++;
            try (InputStream in = jar.getInputStream(jar.getEntry(e))) {
                DataInputStream data = new DataInputStream(in);
                assertThat(data.readInt()).as(e + " magic").isEqualTo(0xCAFEBABE);
                data.readUnsignedShort(); // minor
                int major = data.readUnsignedShort();
                if (major > 55) tooNew.put(e, major);
            }
        }
        assertThat(classes).isGreaterThan(10_000);
        assertThat(tooNew).as("classes above major version 55 (Java 11)").isEmpty();
    }

    @Test
    void signaturesAreStripped() {
        assertThat(entries).noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }

    @Test
    void kinesisConnectorServicesAreMerged() throws IOException {
        // The Table API factories of the Kinesis connector and of the file connector share one
        // services file: merged, it lists both (unmerged, one would overwrite the other).
        String factories = service("org.apache.flink.table.factories.Factory");
        assertThat(factories)
                .contains("org.apache.flink.connector.kinesis.table.KinesisDynamicTableSinkFactory")
                .contains("org.apache.flink.connector.file.table.FileSystemTableFactory");
        // The connector's relocated AWS SDK finds its HTTP clients through services files.
        assertThat(
                        service(
                                "org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.SdkHttpService"))
                .contains(
                        "org.apache.flink.kinesis.shaded.software.amazon.awssdk.http.apache.ApacheSdkHttpService");
        assertThat(
                        service(
                                "org.apache.flink.streaming.connectors.kinesis.table.KinesisDynamicShardAssignerFactory"))
                .contains(
                        "org.apache.flink.streaming.connectors.kinesis.table.DefaultShardAssignerFactory");
    }

    @Test
    void noFileSystemIsBundledBecauseManagedFlinkProvidesS3AsAPlugin() {
        // Flink finds file systems only among its plugins and its own classpath, never in a job
        // jar: a bundled S3 file system would be dead weight. See kda-deploy/README.md.
        assertThat(entries)
                .doesNotContain("META-INF/services/org.apache.flink.core.fs.FileSystemFactory");
    }

    @Test
    void leavesOutTheSdkMBeanThatPinsTheJobsClassloader() {
        // The connector's AWS SDK v1 would register an AwsSdkMetrics MBean per job, which keeps the
        // job's classloader alive on a session cluster (see job/pom.xml). The registry that loads
        // it by name stays, and falls back to its no-op registry.
        assertThat(entries)
                .doesNotContain(SDK_V1 + "jmx/SdkMBeanRegistrySupport.class")
                .contains(
                        SDK_V1 + "jmx/spi/SdkMBeanRegistry$Factory.class",
                        SDK_V1 + "metrics/AwsSdkMetrics.class");
    }

    @Test
    void sdkMetricsRegistersNoMBeanFromTheJar() throws Exception {
        // The jar's own classes, isolated from the test classpath (whose connector jar has the
        // class):
        // AwsSdkMetrics' static initialiser registers its MBean (with the class put back into the
        // jar,
        // this MBean server then holds ...management:type=AwsSdkMetrics); here the registry is the
        // no-op one and nothing reaches the server.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName sdkBeans = new ObjectName(SDK_V1.replace('/', '.') + "management:*");
        try (URLClassLoader isolated =
                new URLClassLoader(
                        new URL[] {DeployFiles.deployableJar().toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            sdkV1Class(isolated, "metrics.AwsSdkMetrics")
                    .getMethod("registerMetricAdminMBean")
                    .invoke(null);
            Object registry =
                    sdkV1Class(isolated, "jmx.spi.SdkMBeanRegistry$Factory")
                            .getMethod("getMBeanRegistry")
                            .invoke(null);
            Object none =
                    sdkV1Class(isolated, "jmx.spi.SdkMBeanRegistry").getField("NONE").get(null);

            assertThat(registry).isSameAs(none);
            assertThat(server.queryNames(sdkBeans, null)).isEmpty();
        }
    }

    /**
     * The shaded SDK v1 class {@code name} (below com.amazonaws), initialised in {@code loader}.
     */
    private static Class<?> sdkV1Class(ClassLoader loader, String name)
            throws ClassNotFoundException {
        return Class.forName(SDK_V1.replace('/', '.') + name, true, loader);
    }

    private static String service(String name) throws IOException {
        ZipEntry e = jar.getEntry("META-INF/services/" + name);
        assertThat(e).as("services file " + name).isNotNull();
        try (InputStream in = jar.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
