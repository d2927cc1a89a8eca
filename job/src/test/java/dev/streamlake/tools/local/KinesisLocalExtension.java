package dev.streamlake.tools.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamlake.tools.producer.Kinesis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesis-local (a Kinesis API emulator nobody here wrote) for the tests of one class, on free
 * loopback ports, with an SDK client for it: {@code @RegisterExtension static final
 * KinesisLocalExtension kinesis = new KinesisLocalExtension();}. After the class, the emulator is
 * stopped by its PID and checked to be gone.
 */
public final class KinesisLocalExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private KinesisLocal kinesis;
    private KinesisClient client;

    public String endpoint() {
        return kinesis.endpoint();
    }

    public KinesisClient client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LocalRun.useEmulatorIdentity();
        dir = Files.createTempDirectory("kinesis-local");
        kinesis =
                KinesisLocal.start(
                        FreePorts.loopback(),
                        FreePorts.loopback(),
                        dir.resolve("kinesis-local.log"));
        client = Kinesis.client("us-east-1", kinesis.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (client != null) client.close();
        if (kinesis != null) kinesis.close();
        assertThat(kinesis == null || !kinesis.isAlive()).as("kinesis-local stopped").isTrue();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
