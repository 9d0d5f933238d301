import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the request threads of a JFR recording spent their samples (JDK 17 has no {@code jfr view}).
 * Usage: {@code java bench/JfrSplit.java RECORDING.jfr [ENTRY_METHOD]}. Samples whose stack holds
 * ENTRY_METHOD (default QidoController.search) are split by the innermost known part of the stack:
 * the JDBC driver (for native samples: waiting for PostgreSQL), JSON, the catalog's Java,
 * authentication, audit, or the rest. jdk.ExecutionSample counts running Java, jdk.NativeMethodSample
 * threads in native code (socket reads). Then the methods most often on the stack (inclusive) and
 * the most frequent leaf frames.
 */
public class JfrSplit {
    static final String[][] PARTS = {
        {"PostgreSQL (JDBC driver, socket)", "org.postgresql."},
        {"JSON (QidoAttributes, JsonWriter, DataSet)", "QidoAttributes", "org.rdc.dicom.json.", "org.rdc.dicom.object.", "org.rdc.dicom.core."},
        {"catalog Java (Spring JDBC, row mapping)", "org.rdc.storage.catalog.", "org.springframework.jdbc.", "com.zaxxer.hikari."},
        {"authentication", "org.rdc.workstation.security.", "org.springframework.security."},
        {"audit", "org.rdc.workstation.audit."}};

    public static void main(String[] args) throws Exception {
        String entry = args.length > 1 ? args[1] : "QidoController.search";
        for (String kind : List.of("jdk.ExecutionSample", "jdk.NativeMethodSample")) {
            Map<String, Integer> parts = new HashMap<>(), inclusive = new HashMap<>(), leaves = new HashMap<>();
            int total = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
                if (!e.getEventType().getName().equals(kind) || e.getStackTrace() == null) {
                    continue;
                }
                List<String> frames = e.getStackTrace().getFrames().stream().map(JfrSplit::name).toList();
                if (frames.stream().noneMatch(f -> f.contains(entry))) {
                    continue;
                }
                total++;
                leaves.merge(frames.get(0), 1, Integer::sum);
                Set<String> seen = new HashSet<>(frames);
                seen.forEach(f -> inclusive.merge(f, 1, Integer::sum));
                String part = "rest (Tomcat, Spring MVC, filters)";
                outer:
                for (String f : frames) {
                    for (String[] p : PARTS) {
                        for (int i = 1; i < p.length; i++) {
                            if (f.contains(p[i])) {
                                part = p[0];
                                break outer;
                            }
                        }
                    }
                }
                parts.merge(part, 1, Integer::sum);
            }
            System.out.printf("%s: %d samples in %s%n", kind, total, entry);
            print(parts, total, 10);
            System.out.println("  on the stack (inclusive), org.rdc and JDK text/regex methods:");
            Map<String, Integer> ours = new HashMap<>();
            inclusive.forEach((k, v) -> {
                if (k.startsWith("org.rdc.") || k.startsWith("java.util.regex.") || k.startsWith("java.util.Formatter")
                        || k.startsWith("java.lang.String.") || k.startsWith("org.postgresql.")) {
                    ours.put(k, v);
                }
            });
            print(ours, total, 25);
            System.out.println("  leaf frames:");
            print(leaves, total, 12);
            System.out.println();
        }
    }

    static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static void print(Map<String, Integer> counts, int total, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(c -> System.out.printf("  %5.1f %%  %s%n", 100.0 * c.getValue() / Math.max(total, 1), c.getKey()));
    }
}
