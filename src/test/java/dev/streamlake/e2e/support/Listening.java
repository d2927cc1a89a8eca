package dev.streamlake.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What a process listens on, from {@code ss}: servers the tests start must be loopback-only. */
public final class Listening {
    private Listening() {}

    public static void assertLoopbackOnly(long pid, String what) {
        try {
            Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
            List<String> sockets =
                    new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> l.contains("pid=" + pid + ","))
                            .collect(Collectors.toList());
            ss.waitFor(10, TimeUnit.SECONDS);
            assertThat(sockets)
                    .as(what + "'s listening sockets")
                    .isNotEmpty()
                    .allSatisfy(
                            l ->
                                    assertThat(l.split("\\s+")[3])
                                            .matches(
                                                    "(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1]):\\d+"));
        } catch (IOException e) {
            throw new AssertionError("cannot run ss", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
