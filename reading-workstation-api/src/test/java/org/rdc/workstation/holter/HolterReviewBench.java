package org.rdc.workstation.holter;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Map;
import org.rdc.ecg.holter.BeatClass;
import org.rdc.ecg.holter.BeatTable;
import org.rdc.ecg.holter.HolterAnalysis;
import org.rdc.ecg.holter.HolterSettings;
import org.rdc.ecg.holter.HolterTestFiles;
import org.rdc.ecg.intake.HolterIntake;
import org.rdc.ecg.json.EcgJson;
import org.rdc.ecg.json.HolterJson;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.storage.StorageFixture;
import org.rdc.storage.StoredAttachment;
import org.rdc.storage.catalog.AttachmentAttributes;
import org.rdc.storage.catalog.CatalogScope;
import tools.jackson.databind.node.ObjectNode;

/**
 * Full disclosure of 1 min x 3 leads of a 24 h, 3-lead, 256 Hz ISHNE recording stored as a study's HOLTER_ORIGINAL
 * (embedded S3 + H2, after the mover has taken it to the object store), read through {@link HolterReview#strip} at
 * random starts: the store-side cost of {@code GET /api/studies/{uid}/holter/strip} without HTTP and JSON writing.
 * The analysis is a stand-in with a beat every 0.8 s (108 000 beats), the size of a real day's. Run by
 * {@code bench/holter-review.sh}. Usage: HolterReviewBench WORKDIR [PAGES]
 */
public final class HolterReviewBench {

    private HolterReviewBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path file = HolterTestFiles.syntheticIshne(dir.resolve("day.ecg"), 24, 3, 256);
        String study = "1.2.826.0.1.3680043.10.1014.500";
        try (StorageFixture storage = new StorageFixture(dir.resolve("storage"))) {
            storage.store.store(StorageFixture.dx(study, 1), new ByteArrayInputStream(new byte[] {1}));
            StoredAttachment original;
            try (var in = Files.newInputStream(file)) {
                original = storage.store.storeAttachment(new AttachmentAttributes(study, HolterIntake.ORIGINAL, "day.ecg",
                        "application/octet-stream", "demo"), in);
            }
            long frames = 24L * 3600 * 256;
            int n = (int) ((frames - 100 + 204) / 205);
            long[] beatFrames = new long[n];
            for (int i = 0; i < n; i++) {
                beatFrames[i] = 100 + 205L * i;
            }
            BeatClass[] labels = new BeatClass[n];
            Arrays.fill(labels, BeatClass.NORMAL);
            int[] templates = new int[n];
            Arrays.fill(templates, BeatTable.NO_TEMPLATE);
            HolterAnalysis stand = HolterAnalysis.restore(SourceFormat.ISHNE_HOLTER, 256.0, List.of("1", "2", "3"), null, frames,
                    BeatTable.of(beatFrames, labels, new boolean[n], templates, new float[3][n]), List.of(), List.of(),
                    HolterSettings.defaults(), List.of(), Map.of(), Map.of());
            ObjectNode json = HolterJson.stored(stand);
            json.put("originalSha256", original.sha256());
            storage.store.storeAttachment(new AttachmentAttributes(study, HolterIntake.ANALYSIS, "holter-analysis.json",
                    "application/json", "demo"), new ByteArrayInputStream(EcgJson.toBytes(json)));
            for (int i = 0; i < 600 && storage.store.spool().pending().size() > 0; i++) {
                Thread.sleep(100);  // let the mover take the day to the object store, where a review finds it
            }
            HolterReview review = new HolterReview(storage.store);
            CatalogScope scope = CatalogScope.alliance();
            List<String> leads = List.of("1", "2", "3");
            review.strip(scope, study, 0, 60, leads);  // parses and caches the analysis, as the first page of a review does
            Random random = new Random(14);
            long[] nanos = new long[pages];
            int beatsSeen = 0;
            for (int i = 0; i < pages; i++) {
                double start = random.nextInt(24 * 3600 - 60);
                long t = System.nanoTime();
                HolterViews.Strip s = review.strip(scope, study, start, 60, leads);
                nanos[i] = System.nanoTime() - t;
                beatsSeen += s.beats().size();
            }
            Arrays.sort(nanos);
            System.out.printf("holter-review pages=%d median_ms=%.2f p95_ms=%.2f max_ms=%.2f beats_per_page=%.0f in_spool=%d%n",
                    pages, nanos[pages / 2] / 1e6, nanos[(int) (pages * 0.95)] / 1e6, nanos[pages - 1] / 1e6,
                    beatsSeen / (double) pages, storage.store.spool().pending().size());
        }
    }
}
