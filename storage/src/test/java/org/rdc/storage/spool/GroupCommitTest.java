package org.rdc.storage.spool;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GroupCommitTest {

    /**
     * fsyncgate: the writers waiting on a failed fsync all fail, and none of them is made durable by
     * a retry, although the retry would succeed (after a failed fsync Linux may have dropped the pages).
     */
    @Test
    void aFailedSyncFailsEveryTicketWaitingOnItAndNoRetryMakesThemDurable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        GroupCommit commit = new GroupCommit(() -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstStarted.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            } else if (call == 2) {
                throw new IOException("Input/output error (injected)");
            }
        });
        int waiting = 4;
        ExecutorService pool = Executors.newFixedThreadPool(waiting + 1);
        try {
            Future<?> first = pool.submit(() -> {
                var ticket = commit.ticket();
                commit.awaitDurable(ticket);
                return null;
            });
            assertThat(firstStarted.await(30, SECONDS)).isTrue();
            CountDownLatch ticketsTaken = new CountDownLatch(waiting);
            List<Future<?>> group = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                group.add(pool.submit(() -> {
                    var ticket = commit.ticket();
                    ticketsTaken.countDown();
                    commit.awaitDurable(ticket);
                    return null;
                }));
            }
            assertThat(ticketsTaken.await(30, SECONDS)).isTrue();
            Thread.sleep(200); // let them wait behind the first sync (were one late, it would only start a sync of its own)
            releaseFirst.countDown();

            first.get(30, SECONDS);
            for (Future<?> f : group) {
                assertThatThrownBy(() -> f.get(30, SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(IOException.class).hasMessageContaining("Input/output error (injected)");
            }
            assertThat(calls.get()).as("the failed sync is not retried for the tickets it covered").isEqualTo(2);
            assertThat(commit.syncCount()).isEqualTo(1);

            // A ticket taken afterwards belongs to a new group: here the sync succeeds (a spool lane refuses instead).
            var later = commit.ticket();
            commit.awaitDurable(later);
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
