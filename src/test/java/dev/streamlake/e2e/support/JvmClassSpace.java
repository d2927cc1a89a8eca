package dev.streamlake.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a JVM of ours holds of loaded code, read with the JDK's {@code jcmd} after a full GC ({@code
 * GC.run}, which unloads the classes of unreachable class loaders): live classes (loaded minus
 * unloaded), Metaspace in use, and how many Flink user-code class loaders (one per job that ran
 * there, {@code ChildFirstClassLoader} or {@code ParentFirstClassLoader}) still define classes.
 */
public record JvmClassSpace(long liveClasses, long metaspaceUsedBytes, int userCodeClassLoaders) {

    /** Forces a full GC in {@code pid} and measures it. */
    public static JvmClassSpace afterFullGc(long pid) {
        jcmd(pid, "GC.run");
        Map<String, Long> counters = new HashMap<>();
        for (String line : jcmd(pid, "PerfCounter.print").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).matches("-?\\d+")) {
                counters.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        int loaders =
                (int)
                        jcmd(pid, "VM.classloader_stats")
                                .lines()
                                .filter(
                                        l ->
                                                l.endsWith(
                                                                "org.apache.flink.util.ChildFirstClassLoader")
                                                        || l.contains(
                                                                "FlinkUserCodeClassLoaders$ParentFirstClassLoader"))
                                .count();
        return new JvmClassSpace(
                counter(counters, "java.cls.loadedClasses")
                        - counter(counters, "java.cls.unloadedClasses"),
                counter(counters, "sun.gc.metaspace.used"),
                loaders);
    }

    /**
     * What one user-code class loader holds: {@code held} (measured while loaders of cancelled jobs
     * were alive) less {@code collected} (after some of them went), per loader gone.
     */
    public static JvmClassSpace perLoader(JvmClassSpace held, JvmClassSpace collected) {
        int gone = held.userCodeClassLoaders - collected.userCodeClassLoaders;
        if (gone <= 0) {
            throw new IllegalStateException(
                    "no user-code class loader went between " + held + " and " + collected);
        }
        return new JvmClassSpace(
                (held.liveClasses - collected.liveClasses) / gone,
                (held.metaspaceUsedBytes - collected.metaspaceUsedBytes) / gone,
                1);
    }

    /** This measurement less what its user-code class loaders hold, at {@code perLoader} each. */
    public JvmClassSpace withoutUserCode(JvmClassSpace perLoader) {
        return new JvmClassSpace(
                liveClasses - userCodeClassLoaders * perLoader.liveClasses,
                metaspaceUsedBytes - userCodeClassLoaders * perLoader.metaspaceUsedBytes,
                0);
    }

    public double metaspaceUsedMb() {
        return metaspaceUsedBytes / (1024.0 * 1024.0);
    }

    private static long counter(Map<String, Long> counters, String name) {
        Long v = counters.get(name);
        if (v == null) throw new IllegalStateException("jcmd PerfCounter.print has no " + name);
        return v;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p =
                    new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command))
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
