package org.rdc.gateway.ul;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rdc.gateway.ul.Pdu.Abort;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRj;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PDataTf;
import org.rdc.gateway.ul.Pdu.Pdv;
import org.rdc.gateway.ul.Pdu.PresentationContextAc;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.StateMachine.Action;
import org.rdc.gateway.ul.StateMachine.Event;
import org.rdc.gateway.ul.StateMachine.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association, requestor or acceptor side: the PS3.8 state machine ({@link StateMachine}) and its
 * actions, the ARTIM timer, and the hand-over of received PDVs to the DIMSE worker thread.
 *
 * <p>Threading: {@link #handle} and every action run on the channel's event loop only. The DIMSE
 * worker (one thread per association) takes {@link Inbound} items with {@link #take()} and sends with
 * {@link #sendPData}, {@link #release()}, {@link #abort()}, which hand the primitive over to the event
 * loop. Received PDVs wait in a queue counted in bytes; above the high-water mark the channel stops
 * reading (autoRead off), so a slow disk slows the sender instead of growing memory.
 */
public final class Association {

    private static final Logger log = LoggerFactory.getLogger(Association.class);

    /** Decides on an A-ASSOCIATE-RQ (the A-ASSOCIATE indication/response of PS3.8 7.1). Runs on the event loop. */
    public interface Acceptor {
        Decision decide(Association association, AssociateRq rq);

        /**
         * The decision may take time (a passcode hash): the association then waits in Sta3 ("awaiting
         * local A-ASSOCIATE response primitive") and the event loop goes on serving others.
         */
        default java.util.concurrent.CompletionStage<Decision> decideAsync(Association association, AssociateRq rq) {
            return java.util.concurrent.CompletableFuture.completedFuture(decide(association, rq));
        }
    }

    /** Exactly one of accept / reject; {@code attachment} travels with the association (e.g. the device). */
    public record Decision(AssociateAc accept, AssociateRj reject, Object attachment, String reason) {
        public static Decision accept(AssociateAc ac, Object attachment) {
            return new Decision(ac, null, attachment, null);
        }

        public static Decision reject(AssociateRj rj, String reason) {
            return new Decision(null, rj, null, reason);
        }
    }

    /** What the DIMSE worker receives. */
    public sealed interface Inbound {
    }

    /** A P-DATA indication: one PDV (the worker releases its buffer). */
    public record DataValue(Pdv pdv) implements Inbound {
    }

    /** A-RELEASE indication: the peer asks to release; answer with {@link #releaseResponse()}. */
    public record ReleaseIndication() implements Inbound {
    }

    /** The association is over: released, aborted or the connection was lost. */
    public record Ended(boolean aborted, String reason) implements Inbound {
    }

    /** A presentation context both sides accepted. */
    public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {
    }

    private final Channel channel;
    private final boolean requestor;
    private final UlSettings settings;
    private final Acceptor acceptor;
    private final PduFrameDecoder frameDecoder;
    private final LinkedBlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final CompletableFuture<AssociateAc> established = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final Runnable onEstablished;

    private State state = State.STA1;
    private ScheduledFuture<?> artim;
    private volatile AssociateRq request;
    private volatile AssociateAc accept;
    private volatile Map<Integer, PresentationContext> contexts = Map.of();
    private volatile long peerMaxPdu;
    private volatile Object attachment;
    private volatile boolean readPaused;
    private volatile long lastActivityNanos = System.nanoTime();
    private boolean releaseResponsePending;
    private boolean endedQueued;

    /**
     * @param onEstablished acceptor side: called on the event loop once the A-ASSOCIATE-AC is sent (starts the worker)
     */
    public Association(Channel channel, boolean requestor, UlSettings settings, Acceptor acceptor,
                       PduFrameDecoder frameDecoder, Runnable onEstablished) {
        this.channel = channel;
        this.requestor = requestor;
        this.settings = settings;
        this.acceptor = acceptor;
        this.frameDecoder = frameDecoder;
        this.onEstablished = onEstablished;
    }

    // ------------------------------------------------------------------ the state machine

    /** Runs the action Table 9-10 gives for {@code event} in the current state. Event loop only. */
    public void handle(Event event, Object param) {
        assert channel.eventLoop().inEventLoop();
        Action action = StateMachine.action(state, event);
        if (action == null) {
            // Not in Table 9-10: the event cannot occur in this state (e.g. a late close in Sta1).
            log.debug("{}: {} in {} ignored", this, event, state);
            if (param instanceof PDataTf p) {
                p.pdvs().forEach(v -> v.data().release());
            } else if (param instanceof ByteBuf b) {
                b.release();
            } else if (param instanceof Send s) {
                s.data.release();
                s.promise.tryFailure(new AssociationException("association not established (" + state + ")"));
            }
            return;
        }
        if (log.isTraceEnabled()) {
            log.trace("{}: {} in {} -> {}", this, event, state, action);
        }
        State next = perform(action, event, param);
        state = next != null ? next : action.next;
        if (state == State.STA12 && releaseResponsePending) {
            releaseResponsePending = false;
            handle(Event.EVT14, null);
        }
    }

    /** A P-DATA request from the worker: the bytes of one complete P-DATA-TF PDU. */
    record Send(ByteBuf data, ChannelPromise promise) {
    }

    private State perform(Action action, Event event, Object param) {
        switch (action) {
            case AE_1 -> request = (AssociateRq) param;
            case AE_2 -> {
                channel.writeAndFlush(request);
                touch();
            }
            case AE_3 -> {
                AssociateAc ac = (AssociateAc) param;
                accepted(request, ac);
                established.complete(ac);
            }
            case AE_4 -> {
                AssociateRj rj = (AssociateRj) param;
                established.completeExceptionally(new AssociationRejectedException(rj));
                end(false, rj.describe());
                channel.close();
            }
            case AE_5 -> startArtim();
            case AE_6 -> {
                stopArtim();
                AssociateRq rq = (AssociateRq) param;
                request = rq;
                Decision provider = providerCheck(rq);
                if (provider != null) {
                    logReject(rq, provider);
                    channel.writeAndFlush(provider.reject());
                    startArtim();
                    return State.STA13;
                }
                // A-ASSOCIATE indication to the local user (Sta3); its response comes back as Evt7 / Evt8.
                java.util.concurrent.CompletionStage<Decision> pending;
                try {
                    pending = acceptor.decideAsync(this, rq);
                } catch (RuntimeException e) {
                    pending = java.util.concurrent.CompletableFuture.failedFuture(e);
                }
                pending.whenComplete((d, e) -> channel.eventLoop().execute(() -> respond(rq, d, e)));
                return State.STA3;
            }
            case AE_7 -> {
                AssociateAc ac = (AssociateAc) param;
                accepted(request, ac);
                channel.writeAndFlush(ac);
                touch();
                established.complete(ac);
                if (onEstablished != null) {
                    onEstablished.run();
                }
            }
            case AE_8 -> {
                channel.writeAndFlush(param);
                end(true, "rejected: " + ((AssociateRj) param).describe());
                startArtim();
            }
            case DT_1, AR_7 -> {
                Send s = (Send) param;
                channel.writeAndFlush(s.data, s.promise);
                touch();
            }
            case DT_2, AR_6 -> {
                touch();
                for (Pdv pdv : ((PDataTf) param).pdvs()) {
                    enqueue(new DataValue(pdv), pdv.data().readableBytes());
                }
            }
            case AR_1 -> channel.writeAndFlush(new Pdu.ReleaseRq());
            case AR_2 -> enqueue(new ReleaseIndication(), 0);
            case AR_3 -> {
                end(false, "released");
                channel.close();
            }
            case AR_4 -> {
                channel.writeAndFlush(new Pdu.ReleaseRp());
                end(false, "released");
                startArtim();
            }
            case AR_5 -> {
                stopArtim();
                end(false, "closed");
            }
            case AR_8 -> {
                enqueue(new ReleaseIndication(), 0);
                return requestor ? State.STA9 : State.STA10;
            }
            case AR_9 -> channel.writeAndFlush(new Pdu.ReleaseRp());
            case AR_10 -> {
                // A-RELEASE confirmation: nothing to tell the worker, which answers the indication it already has.
            }
            case AA_1 -> {
                Abort abort = param instanceof Abort a ? a : new Abort(Abort.SOURCE_USER, 0);
                if (event != Event.EVT15) {
                    // Sta2: a PDU other than A-ASSOCIATE-RQ before any association: the provider says so.
                    abort = new Abort(Abort.SOURCE_PROVIDER, param instanceof PduFrameDecoder.PduError e
                            ? e.abortReason() : Abort.REASON_UNEXPECTED_PDU);
                    log.warn("{}: {} before an association: {}", remote(), event.description, describe(param));
                }
                releaseParam(param);
                channel.writeAndFlush(abort);
                end(true, abort.describe());
                startArtim();
            }
            case AA_2 -> {
                stopArtim();
                releaseParam(param);
                end(true, event == Event.EVT18 ? "ARTIM timer expired" : "aborted");
                channel.close();
            }
            case AA_3 -> {
                Abort a = (Abort) param;
                established.completeExceptionally(new AssociationException("peer aborted: " + a.describe()));
                end(true, "peer sent A-ABORT (" + a.describe() + ")");
                channel.close();
            }
            case AA_4 -> {
                established.completeExceptionally(new AssociationException("connection closed"));
                end(true, "connection closed by peer");
            }
            case AA_5 -> {
                stopArtim();
                end(true, "connection closed before A-ASSOCIATE-RQ");
            }
            case AA_6 -> releaseParam(param);
            case AA_7, AA_8 -> {
                int reason = param instanceof PduFrameDecoder.PduError e ? e.abortReason() : Abort.REASON_UNEXPECTED_PDU;
                String why = param instanceof PduFrameDecoder.PduError e ? e.message() : "unexpected " + event.description;
                releaseParam(param);
                if (action == Action.AA_8) {
                    log.warn("{}: aborting in {}: {}", this, state, why);
                }
                channel.writeAndFlush(new Abort(Abort.SOURCE_PROVIDER, reason));
                established.completeExceptionally(new AssociationException("aborted: " + why));
                end(true, why);
                startArtim();
            }
        }
        return null;
    }

    /** The local user's answer to the A-ASSOCIATE indication: Evt7 (accept) or Evt8 (reject). */
    private void respond(AssociateRq rq, Decision d, Throwable error) {
        if (state != State.STA3) {
            return; // aborted or closed meanwhile
        }
        if (error != null || d == null) {
            log.error("association acceptor failed", error);
            d = Decision.reject(new AssociateRj(AssociateRj.TRANSIENT, AssociateRj.SOURCE_SERVICE_USER,
                    AssociateRj.REASON_NO_REASON), "internal error: " + error);
        }
        if (d.reject() != null) {
            logReject(rq, d);
            handle(Event.EVT8, d.reject());
        } else {
            attachment = d.attachment();
            handle(Event.EVT7, d.accept());
        }
    }

    private void logReject(AssociateRq rq, Decision d) {
        log.warn("association from {} rejected ({}): calling AE '{}', called AE '{}': {}", remote(),
                d.reject().describe(), rq.callingAe(), rq.calledAe(), d.reason());
    }

    /** What the service-provider itself refuses (AE-6 "not acceptable by the service-provider"), or null. */
    private Decision providerCheck(AssociateRq rq) {
        // PS3.8 9.3.2: bit 0 of the protocol version is version 1, the only one there is.
        if ((rq.protocolVersion() & 1) == 0) {
            return Decision.reject(new AssociateRj(AssociateRj.PERMANENT, AssociateRj.SOURCE_PROVIDER_ACSE,
                    AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED), "protocol version " + rq.protocolVersion());
        }
        if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return Decision.reject(new AssociateRj(AssociateRj.PERMANENT, AssociateRj.SOURCE_SERVICE_USER,
                    AssociateRj.REASON_APP_CONTEXT_NOT_SUPPORTED), "application context " + rq.applicationContext());
        }
        return null;
    }

    private void accepted(AssociateRq rq, AssociateAc ac) {
        this.accept = ac;
        Map<Integer, PresentationContext> map = new HashMap<>();
        for (PresentationContextAc pc : ac.presentationContexts()) {
            if (pc.accepted()) {
                String as = rq.presentationContexts().stream().filter(p -> p.id() == pc.id())
                        .map(PresentationContextRq::abstractSyntax).findFirst().orElse(null);
                if (as != null && pc.transferSyntax() != null) {
                    map.put(pc.id(), new PresentationContext(pc.id(), as, pc.transferSyntax()));
                }
            }
        }
        contexts = Collections.unmodifiableMap(map);
        // PS3.8 D.1: the maximum length the other side receives; 0 = no limit, capped by our own send limit.
        long theirs = requestor ? ac.userInfo().maxPduLength() : rq.userInfo().maxPduLength();
        long cap = settings.maxSendPduLength();
        peerMaxPdu = theirs == 0 ? cap : Math.min(theirs, cap);
        long ours = requestor ? rq.userInfo().maxPduLength() : ac.userInfo().maxPduLength();
        if (frameDecoder != null) {
            frameDecoder.maxPDataPdu(ours == 0 ? settings.maxPduLength() : ours);
        }
    }

    private void releaseParam(Object param) {
        if (param instanceof PDataTf p) {
            p.pdvs().forEach(v -> v.data().release());
        } else if (param instanceof Send s) {
            s.data.release();
            s.promise.tryFailure(new AssociationException("association is aborting"));
        }
    }

    private static String describe(Object param) {
        if (param instanceof PduFrameDecoder.PduError e) {
            return e.message();
        }
        return param == null ? "" : param.getClass().getSimpleName();
    }

    private void startArtim() {
        stopArtim();
        artim = channel.eventLoop().schedule(() -> {
            artim = null;
            handle(Event.EVT18, null);
        }, settings.artimTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopArtim() {
        if (artim != null) {
            artim.cancel(false);
            artim = null;
        }
    }

    private void end(boolean aborted, String reason) {
        if (!endedQueued) {
            endedQueued = true;
            inbound.add(new Ended(aborted, reason));
            ended.complete(reason);
        }
    }

    // ------------------------------------------------------------------ inbound queue with back-pressure

    private void enqueue(Inbound item, int bytes) {
        inbound.add(item);
        if (queuedBytes.addAndGet(bytes) > settings.inboundHighWater() && !readPaused) {
            readPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** The next indication for the worker; blocks. Releasing a PDV's buffer is the caller's job. */
    public Inbound take() throws InterruptedException {
        Inbound item = inbound.take();
        if (item instanceof DataValue dv) {
            long left = queuedBytes.addAndGet(-dv.pdv().data().readableBytes());
            if (readPaused && left < settings.inboundLowWater()) {
                channel.eventLoop().execute(() -> {
                    if (readPaused && queuedBytes.get() < settings.inboundLowWater()) {
                        readPaused = false;
                        channel.config().setAutoRead(true);
                        channel.read();
                    }
                });
            }
        }
        touch();
        return item;
    }

    /** Like {@link #take()} with a timeout; null when nothing came. */
    public Inbound poll(long timeout, TimeUnit unit) throws InterruptedException {
        Inbound item = inbound.poll(timeout, unit);
        if (item instanceof DataValue dv) {
            queuedBytes.addAndGet(-dv.pdv().data().readableBytes());
            if (readPaused) {
                channel.eventLoop().execute(() -> {
                    readPaused = false;
                    channel.config().setAutoRead(true);
                    channel.read();
                });
            }
        }
        return item;
    }

    /**
     * For a worker that stops reading (protocol error, end of session): releases every PDV still queued
     * or arriving until the association has ended, so no network buffer is left behind.
     */
    public void discardUntilEnded(long timeoutMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                long left = end - System.nanoTime();
                Inbound in = left <= 0 ? inbound.poll() : inbound.poll(left, TimeUnit.NANOSECONDS);
                if (in == null) {
                    if (left <= 0) {
                        return;
                    }
                    continue;
                }
                if (in instanceof DataValue dv) {
                    queuedBytes.addAndGet(-dv.pdv().data().readableBytes());
                    dv.pdv().data().release();
                } else if (in instanceof Ended) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ primitives from the worker thread

    /** P-DATA request (Evt9) with one complete P-DATA-TF PDU; the returned future completes when it is written. */
    public ChannelFuture sendPData(ByteBuf pdu) {
        ChannelPromise promise = channel.newPromise();
        Send s = new Send(pdu, promise);
        channel.eventLoop().execute(() -> handle(Event.EVT9, s));
        return promise;
    }

    /** A-RELEASE request (Evt11); {@link #ended()} completes when the release is confirmed or the association ends. */
    public void release() {
        channel.eventLoop().execute(() -> handle(Event.EVT11, null));
    }

    /** A-RELEASE response (Evt14) to a {@link ReleaseIndication}. */
    public void releaseResponse() {
        channel.eventLoop().execute(() -> {
            if (state == State.STA10) {
                releaseResponsePending = true; // release collision, acceptor side: answered once in Sta12
            } else {
                handle(Event.EVT14, null);
            }
        });
    }

    /** A-ABORT request (Evt15), service-user source. */
    public void abort() {
        channel.eventLoop().execute(() -> handle(Event.EVT15, new Abort(Abort.SOURCE_USER, 0)));
    }

    /** A-ABORT from the provider side (the worker found a protocol error in the DIMSE stream). */
    public void abortProvider(int reason, String why) {
        log.warn("{}: aborting: {}", this, why);
        channel.eventLoop().execute(() -> handle(Event.EVT15, new Abort(Abort.SOURCE_PROVIDER, reason)));
    }

    // ------------------------------------------------------------------ called by the pipeline

    void idleCheck() {
        if (state == State.STA6 && !readPaused && inbound.isEmpty()
                && System.nanoTime() - lastActivityNanos > settings.idleTimeout().toNanos()) {
            log.warn("{}: no PDU for {} s, aborting", this, settings.idleTimeout().toSeconds());
            handle(Event.EVT15, new Abort(Abort.SOURCE_USER, 0));
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    // ------------------------------------------------------------------ what was negotiated

    public State state() {
        return state;
    }

    public boolean requestor() {
        return requestor;
    }

    public Channel channel() {
        return channel;
    }

    public UlSettings settings() {
        return settings;
    }

    public AssociateRq request() {
        return request;
    }

    public AssociateAc acceptance() {
        return accept;
    }

    public Map<Integer, PresentationContext> presentationContexts() {
        return contexts;
    }

    public PresentationContext presentationContext(int id) {
        return contexts.get(id);
    }

    /** The largest P-DATA-TF PDU we may send (PS3.8 D.1). */
    public long peerMaxPduLength() {
        return peerMaxPdu;
    }

    public CompletableFuture<AssociateAc> established() {
        return established;
    }

    /** Completes with the reason when the association is over (released, aborted or closed). */
    public CompletableFuture<String> ended() {
        return ended;
    }

    public Object attachment() {
        return attachment;
    }

    public String callingAe() {
        return request == null ? null : request.callingAe();
    }

    public String calledAe() {
        return request == null ? null : request.calledAe();
    }

    public InetSocketAddress remote() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public String toString() {
        AssociateRq rq = request;
        return rq == null ? "association(" + remote() + ")" : rq.callingAe() + "->" + rq.calledAe() + "@" + remote();
    }
}
