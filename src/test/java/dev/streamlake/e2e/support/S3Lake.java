package dev.streamlake.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamlake.e2e.support.LakeFiles.LakeRow;
import dev.streamlake.job.config.S3Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads a lake on a local S3 server through the S3 API, as a query engine would list it. */
public final class S3Lake implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** The lake at {@code s3://bucket/prefix} on the server at {@code endpoint}. */
    public S3Lake(String endpoint, String bucket, String prefix) {
        this.s3 =
                S3Client.builder()
                        .endpointOverride(URI.create(endpoint))
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                S3Options.EMULATOR_IDENTITY,
                                                S3Options.EMULATOR_IDENTITY)))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build();
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** Every object key under the lake's prefix, sorted. */
    public List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/"))
                .contents()
                .forEach(o -> keys.add(o.key()));
        keys.sort(null);
        return keys;
    }

    /** Keys of a table's committed files: those Athena reads (no name starting with '.' or '_'). */
    public List<String> committedKeys(String table) {
        List<String> keys = new ArrayList<>();
        for (S3Object o :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "/" + table + "/"))
                        .contents()) {
            String name = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (!name.startsWith(".") && !name.startsWith("_")) keys.add(o.key());
        }
        keys.sort(null);
        return keys;
    }

    /** Every row of a table, each object read as one GZIP stream of JSON lines. */
    public List<LakeRow> read(String table) {
        List<LakeRow> rows = new ArrayList<>();
        for (String key : committedKeys(table)) {
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    new GZIPInputStream(
                                            s3.getObject(b -> b.bucket(bucket).key(key))),
                                    StandardCharsets.UTF_8))) {
                String partition = key.substring(0, key.lastIndexOf('/'));
                partition = partition.substring(partition.lastIndexOf('/') + 1);
                String line;
                while ((line = in.readLine()) != null)
                    rows.add(new LakeRow(partition, Path.of(key), JSON.readTree(line)));
            } catch (IOException e) {
                throw new UncheckedIOException("not a valid GZIP JSON-lines object: " + key, e);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        s3.close();
    }
}
