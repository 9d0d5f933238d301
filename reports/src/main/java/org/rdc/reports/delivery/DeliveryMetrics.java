package org.rdc.reports.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * {@code rdc.report.deliveries} (counter; tags channel, outcome = delivered | retrying | failed):
 * attempts by outcome since start. {@code rdc.report.delivery.state} (gauge; tags channel, state):
 * deliveries in each state in the database, counted at each scrape. Alert on failed &gt; 0.
 */
final class DeliveryMetrics {

    private final MeterRegistry meters;

    DeliveryMetrics(MeterRegistry meters, ReportDelivery deliveries) {
        this.meters = meters;
        for (Channel c : Channel.values()) {
            for (Delivery.State s : Delivery.State.values()) {
                Gauge.builder("rdc.report.delivery.state", () -> deliveries.count(c, s))
                        .description("report deliveries by channel and state").tag("channel", name(c)).tag("state", name(s))
                        .register(meters);
            }
            for (String outcome : new String[] {"delivered", "retrying", "failed"}) {
                counter(c, outcome);
            }
        }
    }

    void delivered(Channel c) {
        counter(c, "delivered").increment();
    }

    void retrying(Channel c) {
        counter(c, "retrying").increment();
    }

    void failed(Channel c) {
        counter(c, "failed").increment();
    }

    private Counter counter(Channel c, String outcome) {
        return Counter.builder("rdc.report.deliveries").description("report delivery attempts by outcome")
                .tag("channel", name(c)).tag("outcome", outcome).register(meters);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
