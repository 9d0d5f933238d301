package org.rdc.storage.spool;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent writers share fsyncs. A writer appends its frames, takes a ticket, and waits
 * until an fsync that <em>started after</em> its ticket has finished. Whoever finds no fsync running
 * becomes the leader and syncs for everybody who took a ticket so far (one group); the rest wait.
 * Under load one fsync thus covers many commits, and with a single writer it costs one fsync, as before.
 *
 * <p>A failed sync fails every ticket of its group, and a later sync never makes them durable: after
 * a failed fsync Linux may have dropped the dirty pages and marked them clean, so a retry reports
 * success for data that is gone ("fsyncgate", PostgreSQL 2018). Tickets taken after the failure form
 * a new group; whether that may still be synced is for the {@link Sync} to say (a spool lane refuses).
 */
final class GroupCommit {

    interface Sync {
        void sync() throws IOException;
    }

    /** The tickets one fsync covers; resolved once that fsync has returned. */
    static final class Ticket {
        private boolean resolved;
        private IOException failure;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    private final Sync sync;
    private Ticket open = new Ticket();
    private boolean syncing;
    private long syncs;

    GroupCommit(Sync sync) {
        this.sync = sync;
    }

    /** Call after the frames to be made durable have been written. */
    Ticket ticket() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once an fsync covering the ticket succeeded; throws that fsync's error if it failed. */
    void awaitDurable(Ticket ticket) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (!ticket.resolved) {
                if (syncing) {
                    done.await();
                    continue;
                }
                syncing = true;
                Ticket group = open;
                open = new Ticket();
                lock.unlock();
                IOException failure = new IOException("fsync did not complete");
                try {
                    sync.sync();
                    failure = null;
                } catch (IOException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new IOException(e.toString(), e);
                } finally {
                    lock.lock();
                    syncing = false;
                    group.resolved = true;
                    group.failure = failure;
                    if (failure == null) {
                        syncs++;
                    }
                    done.signalAll();
                }
            }
            if (ticket.failure != null) {
                throw new IOException("fsync failed, so this write may not be on disk: " + ticket.failure.getMessage(),
                        ticket.failure);
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
