package dev.streamlake.tools.local;

import dev.streamlake.job.Checkpointing;
import dev.streamlake.job.StreamingJob;
import dev.streamlake.job.config.ConfigSources;
import dev.streamlake.job.config.JobConfig;
import dev.streamlake.job.sink.IcebergTables;
import dev.streamlake.job.sink.LakeFileSystems;
import dev.streamlake.tools.producer.GeneratorOptions;
import dev.streamlake.tools.producer.Kinesis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code streamlake local}, README command 1: everything on one machine. Starts kinesis-local on
 * 127.0.0.1, creates the stream, feeds it generated sensor readings, and runs the job on a
 * MiniCluster with the Flink web UI, writing the lake to local disk. Ctrl-C stops all of it.
 *
 * <p>Own options: {@code --rate} readings per second (default 200), {@code --devices} (50), {@code
 * --seed} (42), {@code --shards} (2), {@code --s3} to write the lake to a local S3 server (s3proxy
 * on 127.0.0.1:9090, or {@code --s3-port N}) instead of local disk. With a table of format {@code
 * iceberg} ({@code --lake.events.format iceberg}) and no {@code --lake.iceberg.jdbc-uri}, a local
 * PostgreSQL on 127.0.0.1:5433 holds Iceberg's JDBC catalog (entries whose files were deleted with
 * the lake are dropped at start: {@link LocalCatalog}). The job's settings ({@link JobConfigFlags})
 * override the job configuration read from {@code conf/application-properties-local.json}.
 */
@Command(
        name = "local",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description =
                "Run it all locally: kinesis-local, a sample producer, the job with the Flink web UI"
                        + " on http://127.0.0.1:8081, the lake in ./lake. Ctrl-C stops everything.")
public final class LocalRun implements Callable<Integer> {
    /** {@code --s3}: s3proxy on this loopback port; {@code --s3-port N} picks another. */
    static final int DEFAULT_S3_PORT = 9090;

    static final String S3_BUCKET = "streamlake";

    /** PostgreSQL of the Iceberg JDBC catalog when a table is {@code iceberg}. */
    static final int DEFAULT_POSTGRES_PORT = 5433;

    @Spec private CommandSpec spec;

    @Option(
            names = "--rate",
            paramLabel = "PER_S",
            description = "Generated readings per second. Default: ${DEFAULT-VALUE}.")
    private double rate = 200;

    @Mixin private GeneratorOptions generator;

    @Option(names = "--shards", description = "Shards of the stream. Default: ${DEFAULT-VALUE}.")
    private int shards = 2;

    @Option(
            names = "--s3",
            description =
                    "Write the lake to a local S3 server (s3proxy on 127.0.0.1:"
                            + DEFAULT_S3_PORT
                            + ").")
    private boolean s3;

    @Option(
            names = "--s3-port",
            paramLabel = "PORT",
            description = "Like --s3, with s3proxy on this port.")
    private Integer s3PortOption;

    @Override
    public Integer call() throws Exception {
        int s3Port = s3PortOption != null ? s3PortOption : s3 ? DEFAULT_S3_PORT : -1;
        List<String> jobArgs =
                new ArrayList<>(
                        List.of(
                                JobConfigFlags.programArguments(
                                        spec.commandLine().getParseResult())));
        useEmulatorIdentity();
        // flink-s3-fs-hadoop's AWS SDK v1 would print its end-of-support notice with a stack trace.
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        Path work = Files.createDirectories(Path.of("target", "local-run"));
        LocalS3 s3 = null;
        if (s3Port > 0) {
            // The lake goes to a local S3 server (s3proxy) instead of ./lake; its objects are files
            // under target/local-run/s3/<bucket>/ (its filesystem backend).
            s3 =
                    LocalS3.start(
                            s3Port,
                            work.resolve("s3"),
                            List.of(S3_BUCKET),
                            work.resolve("s3proxy.log"));
            stopAtExit("s3proxy", s3.pid(), s3::close);
            jobArgs.addAll(
                    0,
                    List.of(
                            "--lake.path", "s3://" + S3_BUCKET + "/lake",
                            "--lake.s3.endpoint", s3.endpoint(),
                            "--lake.s3.region", "us-east-1",
                            "--lake.s3.path-style-access", "true",
                            "--lake.s3.credentials-provider", "EMULATOR"));
        }
        boolean localCatalog =
                wantsIceberg(jobArgs) && !jobArgs.contains("--lake.iceberg.jdbc-uri");
        if (localCatalog) {
            // Iceberg tables need a catalog: Iceberg's JDBC catalog on a local PostgreSQL (data
            // under target/local-run/postgres), which Trino's Iceberg connector can read too.
            LocalPostgres pg =
                    LocalPostgres.start(
                            DEFAULT_POSTGRES_PORT,
                            work.resolve("postgres").toAbsolutePath(),
                            work.resolve("postgres.log").toAbsolutePath());
            stopAtExit("PostgreSQL", pg.pid(), pg::close);
            System.out.println(
                    "  Iceberg catalog: JDBC on PostgreSQL "
                            + pg.jdbcUri()
                            + " (pid "
                            + pg.pid()
                            + ")");
            jobArgs.addAll(
                    0,
                    List.of(
                            "--lake.iceberg.catalog",
                            "JDBC",
                            "--lake.iceberg.jdbc-uri",
                            pg.jdbcUri()));
        }
        JobConfig cfg =
                ConfigSources.forEnvironment(true).load(jobArgs.toArray(new String[0])).config();
        if (localCatalog) forgetTablesWithoutMetadata(cfg);
        URI endpoint =
                URI.create(
                        cfg.endpoint()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        "source.endpoint: the local run needs the emulator's endpoint")));

        KinesisLocal kinesis =
                KinesisLocal.start(
                        endpoint.getPort(),
                        endpoint.getPort() - 1,
                        work.resolve("kinesis-local.log"));
        KinesisClient client = Kinesis.client(cfg.region(), kinesis.endpoint());
        SampleFeed feed =
                new SampleFeed(client, cfg.streamName(), generator.readings(0, rate), rate);
        stopAtExit(
                "kinesis-local",
                kinesis.pid(),
                () -> {
                    feed.close(); // before the client it sends with
                    client.close();
                    kinesis.close();
                });
        Kinesis.createStream(client, cfg.streamName(), shards, Duration.ofSeconds(30));
        feed.start();

        Configuration flink =
                LakeFileSystems.withLakeSettings(
                        GlobalConfiguration.loadConfiguration(
                                Path.of("conf").toAbsolutePath().toString()),
                        cfg);
        LakeFileSystems.initialize(flink, cfg);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        Checkpointing.ensure(env, cfg, false);
        System.out.printf(
                "%n  kinesis-local : %s (pid %d), stream %s, %d shards, %.0f readings/s%n"
                        + "  Flink web UI  : http://%s:%d%n"
                        + "  lake          : %s (files appear at each checkpoint, every %ds)%n"
                        + "  Ctrl-C stops everything.%n%n",
                kinesis.endpoint(),
                kinesis.pid(),
                cfg.streamName(),
                shards,
                rate,
                flink.get(RestOptions.ADDRESS),
                flink.get(RestOptions.PORT),
                cfg.lakePath()
                        + (s3 == null
                                ? ""
                                : " on s3proxy "
                                        + s3.endpoint()
                                        + " (pid "
                                        + s3.pid()
                                        + "), objects under "
                                        + work.resolve("s3").toAbsolutePath()),
                env.getCheckpointInterval() / 1000);
        StreamingJob.run(env, cfg);
        return 0;
    }

    /**
     * At exit (Ctrl-C, SIGTERM), runs {@code stop} and says that the process {@code pid} stopped.
     */
    private static void stopAtExit(String what, long pid, Runnable stop) {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stop.run();
                                    System.out.println("Stopped " + what + " (pid " + pid + ").");
                                }));
    }

    /**
     * Drops the local catalog's entries of tables whose files were deleted with the lake (see
     * {@link LocalCatalog}), so that the job creates them anew.
     */
    private static void forgetTablesWithoutMetadata(JobConfig cfg) throws Exception {
        Catalog catalog =
                IcebergTables.catalog(cfg.iceberg(), cfg.lakePath(), cfg.s3()).loadCatalog();
        try {
            for (TableIdentifier id :
                    LocalCatalog.dropTablesWithoutMetadata(catalog, cfg.iceberg().database())) {
                System.out.println(
                        "  Iceberg catalog: dropped "
                                + id
                                + ", whose files are gone from the lake; the job creates it anew");
            }
        } finally {
            if (catalog instanceof AutoCloseable) ((AutoCloseable) catalog).close();
        }
    }

    /**
     * Whether a {@code --lake.<table>.format iceberg} (or {@code =iceberg}) is among the arguments.
     */
    static boolean wantsIceberg(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--lake.") || !a.contains(".format")) continue;
            String value =
                    a.contains("=")
                            ? a.substring(a.indexOf('=') + 1)
                            : i + 1 < args.size() ? args.get(i + 1) : "";
            if (value.equalsIgnoreCase("iceberg")) return true;
        }
        return false;
    }

    /**
     * kinesis-local accepts any credentials; the AWS default chain finds these dummy ones in system
     * properties (SDK v1 and v2 names) before it would ask an instance metadata service. For the
     * job's Kinesis source in this JVM (the connector reads the default chain); tools that make
     * their own clients pass credentials to them instead ({@code Kinesis.client}).
     */
    public static void useEmulatorIdentity() {
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretKey", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("com.amazonaws.sdk.disableEc2Metadata", "true");
    }
}
