package org.rdc.workstation.verification;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many public code lookups one client address may make per clock minute. With 40-bit codes and
 * the default 30 a minute, finding any one of a million issued codes by guessing takes one address
 * about 25 days on average. Behind a reverse proxy the proxy must pass the client's address
 * ({@code server.forward-headers-strategy}), else every client shares the proxy's.
 */
final class LookupLimit {

    private static final int FORGET_AT = 10_000;

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger count) {
    }

    LookupLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts one lookup from {@code address}; false when it is over the limit of this minute. */
    boolean allow(String address) {
        long minute = clock.millis() / 60_000;
        if (windows.size() > FORGET_AT) {
            windows.values().removeIf(w -> w.minute() != minute);
        }
        Window w = windows.compute(address, (k, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old);
        return w.count().incrementAndGet() <= perMinute;
    }
}
