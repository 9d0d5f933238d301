import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The gateway's side of a C-STORE push, from a JFR recording of the running centre:
 * {@code java bench/JfrGateway.java FILE.jfr [INSTANCES] [N]}. Unlike {@link JfrTop} (one thread named "main")
 * it looks at every thread: CPU samples by thread group (the name without its trailing number), top self and
 * org.rdc inclusive frames, allocation weight by site (first org.rdc frame) and per instance when INSTANCES is
 * given, and where threads waited: jdk.ThreadPark, jdk.JavaMonitorEnter and jdk.FileForce durations summed by
 * thread group and the first org.rdc frame of the stack (record with a threshold of 0 to see short waits).
 */
public class JfrGateway {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long instances = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        Map<String, Long> waits = new HashMap<>();
        Map<String, Integer> waitCounts = new HashMap<>();
        long allocated = 0;
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            String thread = group(threadName(e));
            RecordedStackTrace st = e.getStackTrace();
            List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    byThread.merge(thread, 1, Integer::sum);
                    if (!frames.isEmpty()) {
                        self.merge(name(frames.get(0)), 1, Integer::sum);
                    }
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String m = name(f);
                        if (m.startsWith("org.rdc.") && seen.add(m)) {
                            inclusive.merge(m, 1, Integer::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    allocation.merge(thread + " " + firstOwn(frames) + " <- " + e.getClass("objectClass").getName(), weight, Long::sum);
                }
                case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.FileForce" -> {
                    String key = type.substring(4) + " " + thread + " " + firstOwn(frames);
                    waits.merge(key, e.getDuration().toNanos(), Long::sum);
                    waitCounts.merge(key, 1, Integer::sum);
                }
                default -> {
                }
            }
        }
        System.out.println(samples + " CPU samples; " + (allocated >> 20) + " MiB allocation weight"
                + (instances > 0 ? String.format(" = %.1f KiB per instance (%d instances)", allocated / 1024.0 / instances, instances) : ""));
        int total = Math.max(1, samples);
        System.out.println("\nCPU samples by thread:");
        top(byThread, n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop self:");
        top(self, n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop inclusive under org.rdc.:");
        top(inclusive, n).forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("\ntop allocation sites (thread, first org.rdc frame <- class):");
        long all = Math.max(1, allocated);
        allocation.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / all, en.getKey()));
        System.out.println("\nwaits (event, thread, first org.rdc frame): total ms, count:");
        waits.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(en -> System.out.printf("  %9.1f ms %7d  %s%n", Duration.ofNanos(en.getValue()).toNanos() / 1e6,
                        waitCounts.get(en.getKey()), en.getKey()));
    }

    private static String threadName(RecordedEvent e) {
        var thread = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.hasField("eventThread") ? e.getThread() : null;
        return thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
    }

    /** "dimse-BENCHSCU" stays, "spool-io-3" becomes "spool-io-#". */
    private static String group(String thread) {
        return thread.replaceAll("[0-9]+", "#");
    }

    private static String firstOwn(List<RecordedFrame> frames) {
        return frames.stream().map(JfrGateway::name).filter(m -> m.startsWith("org.rdc.")).findFirst()
                .orElse(frames.isEmpty() ? "?" : name(frames.get(0)));
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> m, int n) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n).toList();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
