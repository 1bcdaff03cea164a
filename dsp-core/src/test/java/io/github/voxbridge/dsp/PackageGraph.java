package io.github.voxbridge.dsp;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The class-level dependencies of compiled classes as jdeps reads them from the constant pools, and the package
 * graph they make. jdeps runs in this JVM through {@link ToolProvider}, so the test needs no external tool.
 *
 * @param classEdges class name (binary, {@code a.b.C$D}) to the classes it refers to in other packages
 */
record PackageGraph(Map<String, Set<String>> classEdges) {

    /** {@code   a.b.C   -> x.y.Z   module-or-location}: one class-level dependency in {@code jdeps -verbose:class}. */
    private static final Pattern CLASS_EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S.*$");

    /** Runs {@code jdeps -verbose:class} on a class directory or jar. */
    static PackageGraph ofClasses(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("no jdeps tool in " + System.getProperty("java.home")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // -verbose:class lists every dependency on a class of another package (jdeps' default filter drops
        // same-package ones).
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-verbose:class", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps exited with " + status + " on " + classes + ": " + err + out);
        }
        return parse(out.toString());
    }

    /** Reads the output of {@code jdeps -verbose:class}. */
    static PackageGraph parse(String jdepsOutput) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : jdepsOutput.split("\\R")) {
            Matcher m = CLASS_EDGE.matcher(line);
            if (m.matches()) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return new PackageGraph(edges);
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Package to the packages it depends on, keeping only packages whose names start with {@code prefix}. */
    Map<String, Set<String>> packageEdges(String prefix) {
        Map<String, Set<String>> packages = new TreeMap<>();
        classEdges.forEach((from, targets) -> {
            String fromPackage = packageOf(from);
            if (!fromPackage.startsWith(prefix)) {
                return;
            }
            Set<String> out = packages.computeIfAbsent(fromPackage, k -> new TreeSet<>());
            for (String target : targets) {
                String toPackage = packageOf(target);
                if (toPackage.startsWith(prefix) && !toPackage.equals(fromPackage)) {
                    out.add(toPackage);
                }
            }
        });
        return packages;
    }

    /** Classes (of any package) that refer to a class whose name starts with {@code targetPrefix}. */
    Set<String> classesReferring(String targetPrefix) {
        Set<String> found = new TreeSet<>();
        classEdges.forEach((from, targets) -> {
            if (targets.stream().anyMatch(t -> t.startsWith(targetPrefix))) {
                found.add(from);
            }
        });
        return found;
    }

    /**
     * A cycle in a directed graph, as the list of its nodes with the first repeated at the end
     * ({@code [a, b, a]}), or empty if the graph is acyclic. Depth-first search; a node on the current path that
     * is reached again closes a cycle.
     */
    static Optional<List<String>> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            if (done.contains(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            Optional<List<String>> cycle = visit(start, graph, path, new HashSet<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, Set<String>> graph, Deque<String> path,
                                                Set<String> onPath, Set<String> done) {
        if (onPath.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String p : (Iterable<String>) path::descendingIterator) {
                inCycle |= p.equals(node);
                if (inCycle) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) {
            return Optional.empty();
        }
        path.push(node);
        onPath.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            Optional<List<String>> cycle = visit(next, graph, path, onPath, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        onPath.remove(node);
        path.pop();
        done.add(node);
        return Optional.empty();
    }
}
