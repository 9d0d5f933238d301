package org.rdc.ecg.holter;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.rdc.ecg.json.HolterJson;

/**
 * Decode + analyse of a synthetic day: the recording, with {@link SyntheticHolter#CLINICAL_EVENTS}
 * in its first two hours, is generated as a stream into an ISHNE 1.0 file (so the real decoder
 * reads it), then decoded and analysed block by block ({@link HolterAnalyzer}: beats, labels,
 * templates, ST, noise; then the summary with episodes, HRV, findings and its JSON); then scored
 * against the known labels. Prints one line of figures. Run by {@code bench/holter.sh} and, under a
 * small heap, by {@code HolterSyntheticDayTest}. Usage: HolterDayBench HOURS LEADS RATE WORKDIR
 */
public final class HolterDayBench {

    private HolterDayBench() {
    }

    public static void main(String[] args) throws Exception {
        double hours = Double.parseDouble(args[0]);
        int leads = Integer.parseInt(args[1]);
        int fs = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        SyntheticHolter synthetic = new SyntheticHolter(hours, leads, fs, 14,
                hours >= 2 ? SyntheticHolter.CLINICAL_EVENTS : List.of());
        Path file = dir.resolve("synthetic-day.ecg");
        long t0 = System.nanoTime();
        writeIshne(synthetic, file);
        long t1 = System.nanoTime();
        HolterAnalysis analysis;
        try (HolterRecording rec = HolterReader.open(file)) {
            analysis = HolterAnalyzer.analyse(rec, HolterSettings.defaults().withPauseSeconds(2.5), List.of());
            HolterJson.analysis(analysis);
        }
        long t2 = System.nanoTime();
        Files.delete(file);
        HolterSummary summary = analysis.summary();
        long frames = analysis.frames();
        long[] beats = analysis.beats().frames();
        BeatClass[] classes = new BeatClass[beats.length];
        for (int i = 0; i < beats.length; i++) {
            classes[i] = analysis.label(i);
        }
        Ec57Match m = Ec57Match.of(synthetic.beatFrames(), beats, fs);
        long[] ref = synthetic.beatFrames();
        BeatClass[] refClass = synthetic.beatClasses();
        Ec57Match veb = Ec57Match.ofClass(ref, refClass, beats, classes, BeatClass.VENTRICULAR, fs);
        long window = Math.round(Ec57Match.WINDOW_SECONDS * fs);
        long pausesFound = synthetic.pauses().stream().filter(p -> summary.pauses().stream()
                .anyMatch(q -> Math.abs(q.fromFrame() - p[0]) <= window && Math.abs(q.toFrame() - p[1]) <= window)).count();
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("holter-day hours=%s leads=%d fs=%d frames=%d write_ms=%d decode_analyse_ms=%d beats_ref=%d beats=%d "
                + "se=%.3f pp=%.3f veb_ref=%d veb_se=%.3f veb_pp=%.3f pauses_ref=%d pauses_found=%d pauses_detected=%d "
                + "templates=%d af=%d vt=%d svt=%d st=%d excluded_s=%.0f findings=%s "
                + "peak_heap_mb=%d max_heap_mb=%d%n", args[0], leads, fs, frames, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, ref.length, beats.length, m.sensitivity(), m.positivePredictivity(),
                synthetic.ventricularFrames().length, veb.sensitivity(), veb.positivePredictivity(), synthetic.pauses().size(),
                pausesFound, summary.pauses().size(), analysis.templates().size(), summary.afEpisodes().size(),
                summary.vtEpisodes().size(), summary.svtEpisodes().size(), summary.stEpisodes().size(), summary.excludedSeconds(),
                summary.criticalFindings().stream().map(f -> f.flag().code()).collect(Collectors.joining(",")),
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        // the stored analysis (HOLTER_ANALYSIS) of a day: its size, writing it, reading it back, one relabel as the API does it
        long s0 = System.nanoTime();
        byte[] stored = org.rdc.ecg.json.EcgJson.toBytes(HolterJson.stored(analysis));
        long s1 = System.nanoTime();
        HolterAnalysis back = HolterJson.read(org.rdc.ecg.json.EcgJson.parseObject(stored));
        long s2 = System.nanoTime();
        HolterAnalysis.relabel(back, new HolterAnalysis.Target.Beat(beats.length / 2), BeatClass.VENTRICULAR);
        long s3 = System.nanoTime();
        System.out.printf("holter-day-stored bytes=%d bytes_per_beat=%.1f write_ms=%d read_ms=%d relabel_ms=%d same_total=%s%n",
                stored.length, stored.length / (double) beats.length, (s1 - s0) / 1_000_000, (s2 - s1) / 1_000_000,
                (s3 - s2) / 1_000_000, back.summary().totalBeats() == summary.totalBeats());
    }

    /** Streams the synthetic samples into an ISHNE file at 1 uV per unit, the header written from the spec. */
    static void writeIshne(HolterRecording source, Path file) throws Exception {
        HolterHeader h = source.header();
        int leads = h.leads().size();
        int[] spec = new int[leads];
        int[] resolution = new int[leads];
        for (int i = 0; i < leads; i++) {
            spec[i] = 11 + i;
            resolution[i] = 1000;
        }
        byte[] head = new IshneWriter((int) h.sampleRate(), spec, resolution, h.patientId(), "").ecgHeader((int) h.frames());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head);
            SampleBlock block = source.newBlock();
            ByteBuffer buf = ByteBuffer.allocate(block.capacity() * leads * 2).order(ByteOrder.LITTLE_ENDIAN);
            while (source.read(block)) {
                buf.clear();
                for (int i = 0; i < block.frames(); i++) {
                    for (int l = 0; l < leads; l++) {
                        buf.putShort((short) Math.max(-32768, Math.min(32767, Math.round(block.lead(l)[i]))));
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
        }
    }
}
