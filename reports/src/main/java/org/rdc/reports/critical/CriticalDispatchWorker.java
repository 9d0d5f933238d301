package org.rdc.reports.critical;

import ca.uhn.hl7v2.HapiContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.rdc.reports.critical.CriticalNotification.Channel;
import org.rdc.reports.critical.CriticalNotification.DispatchState;
import org.rdc.reports.critical.CriticalNotification.Purpose;
import org.rdc.reports.critical.CriticalNotification.State;
import org.rdc.reports.delivery.Mllp;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Works off {@value CriticalValues#KIND} jobs: one critical-value message over HL7 v2 (MLLP, the
 * acknowledgement decides, {@link Mllp}) or the signed webhook ({@link SignedWebhook}). A dispatch
 * already SENT is not sent again; every attempt carries the same key (MSH-10, {@code X-RDC-Delivery}),
 * so a receiver that keeps the keys it has seen files a message once even when a crash makes us
 * send it twice. Metrics: {@code rdc.critical.values{state}} (open, late) and
 * {@code rdc.critical.dispatches{channel,outcome}}.
 */
public final class CriticalDispatchWorker implements JobWorkers.Handler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CriticalValues values;
    private final CriticalTargets targets;
    private final HapiContext hapi = Mllp.hapi();
    private final SignedWebhook webhook;
    private final String sendingFacility;
    private final ZoneId zone;
    private final Duration timeout;
    private final JobOutbox.Retry retry;
    private final MeterRegistry meters;
    private final Clock clock;

    CriticalDispatchWorker(CriticalValues values, CriticalTargets targets, String sendingFacility, ZoneId zone, Duration timeout,
                           JobOutbox.Retry retry, MeterRegistry meters, Clock clock) {
        this.values = values;
        this.targets = targets;
        this.webhook = new SignedWebhook(timeout);
        this.sendingFacility = sendingFacility;
        this.zone = zone;
        this.timeout = timeout;
        this.retry = retry;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void run(JobOutbox.Job job) throws Exception {
        long id = JobWorkers.idIn(job, "dispatch");
        CriticalValues.Work w = values.work(id)
                .orElseThrow(() -> new JobWorkers.PermanentFailure("critical value dispatch " + id + " does not exist", null));
        if (w.dispatch().state() == DispatchState.SENT) {
            return;
        }
        values.attempting(id);
        try {
            send(w);
        } catch (Mllp.Refused | SignedWebhook.Refused e) {
            values.failed(w, true, e.getMessage());
            count(w, "failed");
            throw new JobWorkers.PermanentFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            boolean last = job.attempts() >= retry.maxAttempts();
            values.failed(w, last, e.getMessage() == null ? e.toString() : e.getMessage());
            count(w, last ? "failed" : "retrying");
            throw e;
        }
        values.sent(w);
        count(w, "sent");
    }

    private void send(CriticalValues.Work w) throws Exception {
        CriticalNotification n = w.notification();
        CriticalNotification.Dispatch d = w.dispatch();
        if (d.channel() == Channel.HL7) {
            int colon = d.target().lastIndexOf(':');
            Mllp.send(hapi, d.target().substring(0, colon), Integer.parseInt(d.target().substring(colon + 1)),
                    CriticalOruR01.build(n, d, sendingFacility, zone, clock.instant()), CriticalOruR01.controlId(d), timeout);
        } else if (d.channel() == Channel.WEBHOOK) {
            String event = d.purpose() == Purpose.ESCALATE ? "critical-value.escalated" : "critical-value.raised";
            webhook.post(d.target(), targets.webhookSecret(n.facilityId()), event, "critical-dispatch-" + d.id(), body(n, event),
                    clock.instant());
        } else {
            throw new SignedWebhook.Refused("no sender for channel " + d.channel());
        }
    }

    /** What a webhook receives: the notification as the API shows it, without its steps, under {@code event}. */
    static byte[] body(CriticalNotification n, String event) {
        ObjectNode o = JSON.valueToTree(n);
        o.remove("steps");
        o.remove("dispatches");
        ObjectNode out = JSON.createObjectNode();
        out.put("event", event);
        out.setAll(o);
        return JSON.writeValueAsString(out).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void dead(JobOutbox.Job job, String error) {
        try {
            values.work(Long.parseLong(job.payload())).ifPresent(w -> values.failed(w, true, error));
        } catch (NumberFormatException ignored) {
            // a job that names no dispatch has no dispatch to mark
        }
    }

    private void count(CriticalValues.Work w, String outcome) {
        Counter.builder("rdc.critical.dispatches").description("critical-value messages by channel and outcome")
                .tag("channel", w.dispatch().channel().name().toLowerCase()).tag("outcome", outcome).register(meters).increment();
    }

    /**
     * The dispatch threads of this node and the critical-value gauges ({@code rdc.critical.values{state=open|late}}).
     * Close them at shutdown.
     *
     * @param sendingFacility the centre as HL7 MSH-4 names it
     * @param zone            the time zone of HL7 TS values
     */
    public static JobWorkers start(JobOutbox jobs, CriticalValues values, CriticalTargets targets, String sendingFacility, ZoneId zone,
                                   Duration timeout, JobOutbox.Retry retry, int workers, Duration pollInterval, MeterRegistry meters,
                                   Clock clock) {
        for (State s : new State[] {State.OPEN, State.LATE}) {
            Gauge.builder("rdc.critical.values", values, v -> v.count(null, s)).description("critical values not acknowledged, by state")
                    .tag("state", s.name().toLowerCase()).register(meters);
        }
        jobs.bindMetrics(meters, CriticalValues.KIND);
        CriticalDispatchWorker worker = new CriticalDispatchWorker(values, targets, sendingFacility, zone, timeout, retry, meters, clock);
        return new JobWorkers(jobs, CriticalValues.KIND, worker, retry, pollInterval).start(workers);
    }
}
