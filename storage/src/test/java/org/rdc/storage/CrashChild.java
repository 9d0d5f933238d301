package org.rdc.storage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.rdc.storage.catalog.InstanceAttributes;
import org.rdc.storage.objectstore.MinioObjectStore;
import org.rdc.storage.objectstore.ObjectStoreConfig;

/**
 * The process {@link CrashTest} kills: 4 threads store instances through the spool as fast as they
 * can, printing "STORED sop sha size" for each one only after {@code commit} returned, while the
 * mover uploads in the background. Runs until killed.
 */
public final class CrashChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        ObjectStoreConfig s3 = new ObjectStoreConfig(args[1], args[2], args[3], args[4], "us-east-1", ObjectStoreConfig.DEFAULT_PART_SIZE);
        int round = Integer.parseInt(args[5]);

        InstanceStore store = StorageFixture.openDataDir(data, TestDatabases.h2DataDir(data), new MinioObjectStore(s3));

        PrintStream out = System.out;
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(round * 1000L + thread);
                for (int i = 0; ; i++) {
                    long seed = round * 1_000_000L + thread * 100_000L + i;
                    long size = 1024 + random.nextLong(600_000);
                    InstanceAttributes a = StorageFixture.dx("1.2.999." + round + "." + thread, i);
                    StoredInstance s = store.store(a, TestStreams.content(seed, size));
                    synchronized (out) {
                        out.println("STORED " + s.sopInstanceUid() + " " + s.sha256() + " " + s.size());
                        out.flush();
                    }
                }
            }, "writer-" + t);
            writer.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
