package io.sluice.state;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packages of the state module depend on each other one way only: {@code jdeps} reads the
 * compiled classes and any cycle in the package graph fails the build, named package by package.
 */
class StatePackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(io\\.sluice\\.state[\\w.]*)\\s+->\\s+(io\\.sluice\\.state[\\w.]*)\\s");

    @Test
    void shouldHaveNoPackageCycleAmongStatePackages() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found the state packages").containsKeys("io.sluice.state", "io.sluice.state.snapshot",
                "io.sluice.state.ttl", "io.sluice.state.offheap", "io.sluice.state.heap");
        List<String> cycle = findCycle(graph);
        if (cycle != null) {
            fail("package cycle in the state module: " + String.join(" -> ", cycle)
                    + "; move the types the arrows share into the package they all depend on. Graph: " + graph);
        }
    }

    @Test
    void shouldNameTheCycleWhenThereIsOne() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertThat(findCycle(graph)).containsExactly("a", "b", "c", "a");
        graph.put("c", Set.of("d"));
        assertThat(findCycle(graph)).isNull();
    }

    /** Package to the other state packages its classes refer to, from jdeps run on the compiled classes. */
    private static Map<String, Set<String>> packageGraph() throws Exception {
        Path classes = Path.of(KeyGroupRange.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new AssertionError("no jdeps tool in this JDK; run the tests on a full JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-verbose:package", "--regex", "io\\.sluice\\.state(\\..*)?", classes.toString());
        assertThat(exit).as("jdeps exit code; stderr: %s", err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** A cycle as its packages in order, first repeated at the end; null when the graph has none. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = findCycleFrom(start, graph, done, new ArrayDeque<>(), new HashSet<>());
            if (cycle != null) {
                return cycle;
            }
        }
        return null;
    }

    private static List<String> findCycleFrom(String node, Map<String, Set<String>> graph, Set<String> done,
                                              Deque<String> path, Set<String> onPath) {
        if (onPath.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                in |= p.equals(node);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            return cycle;
        }
        if (!done.add(node)) {
            return null;
        }
        path.addLast(node);
        onPath.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = findCycleFrom(next, graph, done, path, onPath);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        onPath.remove(node);
        return null;
    }
}
