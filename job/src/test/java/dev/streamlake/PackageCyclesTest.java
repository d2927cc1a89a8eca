package dev.streamlake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code job}, {@code tools} and {@code udfs} form no cycle: read from the compiled
 * classes' constant pools (every class a class uses is named there), so a new cycle fails the build
 * instead of waiting for the next read of the code.
 */
class PackageCyclesTest {
    private static final Pattern CLASS_NAME =
            Pattern.compile("dev/streamlake/((?:[a-z0-9_]+/)*)[A-Za-z0-9_$]+");

    @Test
    void thePackageGraphHasNoCycle() throws Exception {
        Map<String, Set<String>> uses = new TreeMap<>();
        read(codeSource(dev.streamlake.job.StreamingJob.class), uses);
        read(codeSource(dev.streamlake.udfs.schema.TableSchema.class), uses);

        assertThat(uses.keySet())
                .as("packages read")
                .contains("job.config", "job.pipeline", "tools.cli", "udfs.record");
        assertThat(cycles(uses)).as("package cycles (each: the packages in it)").isEmpty();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a", "d"));
        uses.put("d", Set.of());
        assertThat(cycles(uses)).containsExactly(Set.of("a", "b", "c"));
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Adds the package → used packages edges of every class under {@code location}. */
    private static void read(Path location, Map<String, Set<String>> uses) throws IOException {
        if (Files.isDirectory(location)) {
            readTree(location, uses);
            return;
        }
        try (FileSystem jar =
                FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
            readTree(jar.getPath("/"), uses);
        }
    }

    private static void readTree(Path root, Map<String, Set<String>> uses) throws IOException {
        Path ours = root.resolve("dev/streamlake");
        try (Stream<Path> files = Files.walk(ours)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .forEach(
                            f -> {
                                String from = packageOf(root.relativize(f).toString());
                                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                                Matcher m = CLASS_NAME.matcher(text(f));
                                while (m.find()) {
                                    String p = packageOf(m.group());
                                    if (!p.equals(from)) to.add(p);
                                }
                            });
        }
    }

    /** {@code dev/streamlake/job/config/JobConfig[.class]} → {@code job.config}. */
    private static String packageOf(String classPath) {
        String path = classPath.replace('\\', '/');
        int start = path.indexOf("dev/streamlake/") + "dev/streamlake/".length();
        int end = path.lastIndexOf('/');
        return end < start ? "" : path.substring(start, end).replace('/', '.');
    }

    private static String text(Path classFile) {
        try {
            // Class names are modified UTF-8 in the constant pool; ASCII names read as ISO-8859-1.
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tarjan's strongly connected components of more than one package. */
    static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String p : uses.keySet())
            if (!index.containsKey(p)) connect(p, uses, index, low, stack, onStack, found);
        return found;
    }

    private static void connect(
            String p,
            Map<String, Set<String>> uses,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> found) {
        index.put(p, index.size());
        low.put(p, index.get(p));
        stack.push(p);
        onStack.add(p);
        for (String q : uses.getOrDefault(p, Set.of())) {
            if (!index.containsKey(q)) {
                connect(q, uses, index, low, stack, onStack, found);
                low.put(p, Math.min(low.get(p), low.get(q)));
            } else if (onStack.contains(q)) {
                low.put(p, Math.min(low.get(p), index.get(q)));
            }
        }
        if (low.get(p).equals(index.get(p))) {
            Set<String> component = new TreeSet<>();
            String q;
            do {
                q = stack.pop();
                onStack.remove(q);
                component.add(q);
            } while (!q.equals(p));
            if (component.size() > 1) found.add(component);
        }
    }
}
