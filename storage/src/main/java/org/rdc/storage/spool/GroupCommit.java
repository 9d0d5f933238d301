package org.rdc.storage.spool;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent writers share fsyncs. A writer appends its frames, takes a ticket, and waits
 * until an fsync that <em>started after</em> its ticket has finished. Whoever finds no fsync running
 * becomes the leader and syncs for everybody who took a ticket so far; the rest wait. Under load
 * one fsync thus covers many commits, and with a single writer it costs one fsync, as before.
 */
final class GroupCommit {

    interface Sync {
        void sync() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    private final Sync sync;
    private long issued;
    private long durable;
    private boolean syncing;
    private long syncs;

    GroupCommit(Sync sync) {
        this.sync = sync;
    }

    /** Call after the frames to be made durable have been written. */
    long ticket() {
        lock.lock();
        try {
            return ++issued;
        } finally {
            lock.unlock();
        }
    }

    void awaitDurable(long ticket) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (durable < ticket) {
                if (syncing) {
                    done.await();
                    continue;
                }
                syncing = true;
                long upTo = issued;
                lock.unlock();
                boolean ok = false;
                try {
                    sync.sync();
                    ok = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (ok) {
                        durable = Math.max(durable, upTo);
                        syncs++;
                    }
                    done.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    long syncCount() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
