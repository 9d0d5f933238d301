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
 * A short JFR summary for bench/RESULTS.md (JDK 17's jfr tool has no "view"):
 * {@code java bench/JfrTop.java FILE.jfr [PACKAGE_PREFIX] [N]}. Prints, for the jdk.ExecutionSample
 * events of threads named "main", the top N methods by self samples, the top N methods under
 * PACKAGE_PREFIX (default org.rdc.) and the top N of a few library entry points by inclusive samples
 * (share of all samples that have the method anywhere on the stack), and the top N allocation sites
 * (jdk.ObjectAllocationSample weight, first frame outside java.* of the stack).
 */
public class JfrTop {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String prefix = args.length > 1 ? args[1] : "org.rdc.";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        long allocated = 0;
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (e.getStackTrace() == null || !"main".equals(threadName(e))) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                if (!frames.isEmpty()) {
                    self.merge(name(frames.get(0)), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = name(f);
                    if (seen.add(m)) {
                        inclusive.merge(m, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                allocated += weight;
                String site = frames.stream().map(JfrTop::name).filter(m -> !m.startsWith("java.") && !m.startsWith("jdk."))
                        .findFirst().orElse(frames.isEmpty() ? "?" : name(frames.get(0)));
                allocation.merge(site, weight, Long::sum);
            }
        }
        System.out.println("main thread: " + samples + " CPU samples; " + (allocated >> 20) + " MiB allocation weight");
        int total = Math.max(1, samples);
        System.out.println("\ntop self:");
        top(self, n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop inclusive under " + prefix + ":");
        top(filter(inclusive, prefix), n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop inclusive in libraries (org.bouncycastle, org.apache, com.google):");
        Map<String, Integer> libraries = new HashMap<>();
        inclusive.forEach((k, v) -> {
            if (k.startsWith("org.bouncycastle") || k.startsWith("org.apache") || k.startsWith("com.google")) {
                libraries.put(k, v);
            }
        });
        top(libraries, n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop allocation sites:");
        long all = Math.max(1, allocated);
        allocation.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / all, en.getKey()));
    }

    private static String threadName(RecordedEvent e) {
        var thread = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
        return thread == null ? null : thread.getJavaName();
    }

    private static Map<String, Integer> filter(Map<String, Integer> m, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> m, int n) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n).toList();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
