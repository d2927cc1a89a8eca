package dev.streamlake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.e2e.support.Await;
import dev.streamlake.e2e.support.JobProcess;
import dev.streamlake.e2e.support.Ledger;
import dev.streamlake.tools.local.FreePorts;
import dev.streamlake.tools.local.KinesisLocal;
import dev.streamlake.tools.local.LocalRun;
import dev.streamlake.tools.producer.Kinesis;
import dev.streamlake.tools.producer.KinesisProducer;
import dev.streamlake.tools.producer.PartitionKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Distinctive credential values go into the job's environment; afterwards not one byte of them may
 * be found in its log, in any file it wrote (lake, errors, checkpoints), or in what its REST API
 * and metrics show.
 */
class SecretsNeverLeakIT {
    private static final String KEY_ID = "AKIAQSECRETKEYID7F3A";
    private static final String SECRET = "wJalrXUtnFEMI-streamlake-secret-7f3a9c";

    @Test
    void credentialsAppearInNoLogOutputFileOrApi(@TempDir Path tmp) throws Exception {
        LocalRun.useEmulatorIdentity();
        try (KinesisLocal kinesis =
                        KinesisLocal.start(
                                FreePorts.loopback(),
                                FreePorts.loopback(),
                                tmp.resolve("kinesis-local.log"));
                KinesisClient client = Kinesis.client("us-east-1", kinesis.endpoint())) {
            String stream = "secrets";
            Kinesis.createStream(client, stream, 1, Duration.ofSeconds(30));
            Ledger ledger = new Ledger(31, System.currentTimeMillis());
            KinesisProducer producer =
                    new KinesisProducer(client, stream, new PartitionKeys("device_id"), 8);
            producer.sendAll(
                    ledger.generated(300)
                            .iterator()); // includes malformed records: the errors path runs too

            Path lake = tmp.resolve("lake");
            Path props = tmp.resolve("application_properties.json");
            Files.writeString(
                    props,
                    "[{\"PropertyGroupId\": \"source\", \"PropertyMap\": {\"stream\": \""
                            + stream
                            + "\", \"region\": \"us-east-1\", \"endpoint\": \""
                            + kinesis.endpoint()
                            + "\", \"initial-position\": \"TRIM_HORIZON\", \"polling.interval\": \"50 ms\"}},"
                            + " {\"PropertyGroupId\": \"lake\", \"PropertyMap\": {\"path\": \""
                            + lake.toUri()
                            + "\", \"checkpoint-interval\": \"500 ms\"}},"
                            + " {\"PropertyGroupId\": \"transform\", \"PropertyMap\": {\"drop-if\": \"status == 'TEST'\"}}]");
            List<String> api = new ArrayList<>();
            try (JobProcess job =
                    JobProcess.start(
                            props,
                            Map.of(),
                            tmp,
                            "job",
                            Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET))) {
                Await.until(
                        "every record is in the lake",
                        () -> ledger.allLanded(lake),
                        () -> ledger.missing(lake));
                String jobs = job.get("/jobs/overview");
                Matcher id = Pattern.compile("\"jid\":\"([0-9a-f]{32})\"").matcher(jobs);
                assertThat(id.find()).as("a job in " + jobs).isTrue();
                for (String path :
                        List.of(
                                "/jobs/overview",
                                "/jobmanager/config",
                                "/jobmanager/environment",
                                "/jobs/" + id.group(1),
                                "/jobs/" + id.group(1) + "/config",
                                "/jobs/" + id.group(1) + "/exceptions",
                                "/jobs/" + id.group(1) + "/checkpoints",
                                "/taskmanagers",
                                "/jobmanager/metrics")) {
                    api.add(path + " " + job.get(path));
                }
                api.addAll(vertexMetrics(job, id.group(1)));
            }
            ledger.assertExactlyOnce(lake);

            List<String> leaks = new ArrayList<>();
            try (Stream<Path> files = Files.walk(tmp)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (f.getFileName().toString().endsWith("-flink-conf.yaml")) continue;
                    byte[] bytes = Files.readAllBytes(f);
                    String text =
                            new String(bytes, StandardCharsets.ISO_8859_1) + gunzipQuietly(bytes);
                    if (text.contains(SECRET) || text.contains(KEY_ID))
                        leaks.add(tmp.relativize(f).toString());
                }
            }
            api.stream()
                    .filter(a -> a.contains(SECRET) || a.contains(KEY_ID))
                    .map(a -> a.substring(0, a.indexOf(' ')))
                    .forEach(leaks::add);
            assertThat(api).as("REST answers were read").hasSizeGreaterThan(9);
            assertThat(Files.size(tmp.resolve("job.log"))).as("the job logged").isGreaterThan(0);
            assertThat(leaks).as("files and API answers holding a credential").isEmpty();
        }
    }

    /**
     * Every metric of every operator, names and values, as the web UI and CloudWatch would see
     * them.
     */
    private static List<String> vertexMetrics(JobProcess job, String jobId) throws Exception {
        List<String> out = new ArrayList<>();
        Matcher vertex =
                Pattern.compile(
                                "\"id\":\"([0-9a-f]{32})\",\"slotSharingGroupId\"|\"id\":\"([0-9a-f]{32})\",\"name\"")
                        .matcher(job.get("/jobs/" + jobId));
        while (vertex.find()) {
            String v = vertex.group(1) != null ? vertex.group(1) : vertex.group(2);
            if (v.equals(jobId)) continue;
            String names = job.get("/jobs/" + jobId + "/vertices/" + v + "/metrics");
            Matcher name = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(names);
            List<String> ids = new ArrayList<>();
            while (name.find()) ids.add(name.group(1));
            out.add("metrics " + names);
            for (int i = 0; i < ids.size(); i += 40) {
                String get = String.join(",", ids.subList(i, Math.min(ids.size(), i + 40)));
                out.add(
                        "metric-values "
                                + job.get(
                                        "/jobs/"
                                                + jobId
                                                + "/vertices/"
                                                + v
                                                + "/metrics?get="
                                                + java.net.URLEncoder.encode(
                                                        get, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static String gunzipQuietly(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) return "";
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
