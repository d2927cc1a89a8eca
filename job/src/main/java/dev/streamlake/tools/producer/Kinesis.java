package dev.streamlake.tools.producer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Kinesis clients and stream set-up for the local tools and tests (AWS SDK v2). */
public final class Kinesis {
    private Kinesis() {}

    /**
     * The identity an emulator on this machine gets (kinesis-local accepts any): dummies, never
     * real keys.
     */
    static final String EMULATOR_IDENTITY = "local";

    /**
     * A client for a region, optionally at an endpoint such as kinesis-local's. Credentials: the
     * AWS default chain, except for an endpoint on a loopback address (an emulator), which gets the
     * dummy identity {@value #EMULATOR_IDENTITY}; nothing global is changed.
     */
    public static KinesisClient client(String region, String endpoint) {
        var builder =
                KinesisClient.builder()
                        .region(Region.of(region))
                        .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
            if (isLoopback(endpoint)) {
                builder.credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(EMULATOR_IDENTITY, EMULATOR_IDENTITY)));
            }
        }
        return builder.build();
    }

    /** Whether an endpoint URL's host is a loopback address (a literal or localhost). */
    public static boolean isLoopback(String endpoint) {
        String host = URI.create(endpoint).getHost();
        if (host == null) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Creates a provisioned stream (if missing) and waits until it is ACTIVE. */
    public static void createStream(
            KinesisClient kinesis, String stream, int shards, Duration timeout) {
        try {
            kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        } catch (ResourceInUseException exists) {
            // fine: wait for it below
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            StreamStatus status =
                    kinesis.describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus();
            if (status == StreamStatus.ACTIVE) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("stream " + stream + " not ACTIVE within " + timeout);
    }
}
