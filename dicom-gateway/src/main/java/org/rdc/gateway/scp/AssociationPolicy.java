package org.rdc.gateway.scp;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.registry.FacilityRegistry;
import org.rdc.gateway.ul.Association;
import org.rdc.gateway.ul.Association.Decision;
import org.rdc.gateway.ul.Pdu;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRj;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PresentationContextAc;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.Pdu.RoleSelection;
import org.rdc.gateway.ul.Pdu.UserIdentity;
import org.rdc.gateway.ul.Pdu.UserInfo;

/**
 * The acceptor's A-ASSOCIATE decision (PS3.8 7.1.1, 9.3.4) and negotiation (PS3.7 Annex D.3.3):
 * the called AE title, the device ({@link DeviceAuthenticator}: calling AE title, source address, TLS
 * client certificate, user identity), the association limit; then presentation contexts (preferring
 * explicit VR little endian), maximum length, asynchronous operations window and role selection.
 */
public final class AssociationPolicy implements Association.Acceptor {

    /** What travels with an accepted association: who it is. */
    public record Peer(FacilityRegistry.Match match, String callingAe) {
        public String facilityId() {
            return match.facility().id();
        }
    }

    private final GatewayConfig config;
    private final DeviceAuthenticator devices;
    private final AtomicInteger active;
    private final GatewayMetrics metrics;

    public AssociationPolicy(GatewayConfig config, DeviceAuthenticator devices, AtomicInteger active, GatewayMetrics metrics) {
        this.config = config;
        this.devices = devices;
        this.active = active;
        this.metrics = metrics;
    }

    /** Passcode checks (PBKDF2) run here, never on the event loop. */
    private static final java.util.concurrent.Executor IDENTITY_CHECKS = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "user-identity-check");
        t.setDaemon(true);
        return t;
    });

    @Override
    public java.util.concurrent.CompletionStage<Decision> decideAsync(Association association, AssociateRq rq) {
        FacilityRegistry.Match match = devices.registry().byAeTitle(rq.callingAe()).orElse(null);
        if (match != null && match.device().requiresUserIdentity() && match.device().passwordHash() != null) {
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> decide(association, rq), IDENTITY_CHECKS);
        }
        return java.util.concurrent.CompletableFuture.completedFuture(decide(association, rq));
    }

    @Override
    public Decision decide(Association association, AssociateRq rq) {
        if (!config.aeTitle().equals(rq.calledAe())) {
            return reject("called-ae", AssociateRj.PERMANENT, AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED,
                    "called AE title '" + rq.calledAe() + "' is not ours ('" + config.aeTitle() + "')");
        }
        InetSocketAddress remote = association.remote();
        DeviceAuthenticator.Outcome who = devices.association(rq.callingAe(), remote == null ? null : remote.getAddress(),
                tls(association), identity(rq.userInfo().userIdentity()));
        if (!who.authenticated()) {
            // PS3.8 Table 9-21: reason 3 for who the caller is or where it calls from, 1 for its credentials
            boolean credentials = who.reason().equals("tls-client-certificate") || who.reason().equals("user-identity");
            return reject(who.reason(), AssociateRj.PERMANENT, AssociateRj.SOURCE_SERVICE_USER,
                    credentials ? AssociateRj.REASON_NO_REASON : AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED, who.detail());
        }
        if (active.incrementAndGet() > config.maxAssociations()) {
            active.decrementAndGet();
            return reject("association-limit", AssociateRj.TRANSIENT, AssociateRj.SOURCE_PROVIDER_PRESENTATION,
                    AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED,
                    "already " + config.maxAssociations() + " associations (the configured maximum)");
        }
        association.ended().whenComplete((r, e) -> active.decrementAndGet());
        metrics.accepted();
        return Decision.accept(negotiate(rq), new Peer(who.match(), rq.callingAe()));
    }

    private Decision reject(String metricReason, int result, int source, int reason, String why) {
        metrics.rejected(metricReason);
        return Decision.reject(new AssociateRj(result, source, reason), why);
    }

    /** The TLS session's verified client certificate, if the connection is TLS (read from the handshake, no I/O). */
    static DeviceAuthenticator.Tls tls(Association association) {
        io.netty.handler.ssl.SslHandler tls = association.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (tls == null) {
            return DeviceAuthenticator.Tls.NONE;
        }
        try {
            java.security.cert.Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return new DeviceAuthenticator.Tls(true, chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x ? x : null);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return new DeviceAuthenticator.Tls(true, null);
        }
    }

    private static DeviceAuthenticator.UserIdentity identity(UserIdentity u) {
        return u == null ? null : new DeviceAuthenticator.UserIdentity(u.type(), new String(u.primaryField(), StandardCharsets.UTF_8),
                u.secondaryField() == null ? null : new String(u.secondaryField(), StandardCharsets.UTF_8));
    }

    AssociateAc negotiate(AssociateRq rq) {
        List<PresentationContextAc> contexts = new ArrayList<>();
        for (PresentationContextRq pc : rq.presentationContexts()) {
            contexts.add(negotiate(pc));
        }
        UserInfo in = rq.userInfo();
        List<RoleSelection> roles = new ArrayList<>();
        for (RoleSelection r : in.roleSelections()) {
            // We are always the SCP of what we accept; the requestor may keep its SCU role (PS3.7 D.3.3.4).
            roles.add(new RoleSelection(r.sopClassUid(), r.scu(), false));
        }
        int invoked = -1;
        int performed = -1;
        if (in.hasAsyncWindow()) {
            invoked = 1;
            int asked = in.maxOperationsInvoked();
            performed = asked == 0 ? config.maxOpsPerformed() : Math.min(asked, config.maxOpsPerformed());
        }
        byte[] identityResponse = in.userIdentity() != null && in.userIdentity().positiveResponseRequested() ? new byte[0] : null;
        UserInfo out = new UserInfo(config.ul().maxPduLength(), Part10Writer.IMPLEMENTATION_CLASS_UID,
                Part10Writer.IMPLEMENTATION_VERSION_NAME, invoked, performed, roles, null, identityResponse);
        return new AssociateAc(1, rq.calledAe(), rq.callingAe(), Pdu.DICOM_APPLICATION_CONTEXT, contexts, out);
    }

    static PresentationContextAc negotiate(PresentationContextRq pc) {
        String as = pc.abstractSyntax();
        java.util.Set<String> supported;
        if (SopClasses.STORAGE.contains(as)) {
            supported = SopClasses.TRANSFER_SYNTAXES;
        } else if (as.equals(SopClasses.VERIFICATION) || as.equals(SopClasses.STORAGE_COMMITMENT_PUSH)) {
            supported = SopClasses.NATIVE;
        } else {
            return new PresentationContextAc(pc.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, null);
        }
        // A compressed syntax the requestor proposes first is how it holds the object: accepting it means nobody
        // transcodes (a device that had to decompress for us might not be able to, or would send 10x the bytes).
        String first = pc.transferSyntaxes().get(0);
        if (supported == SopClasses.TRANSFER_SYNTAXES && supported.contains(first)
                && (org.rdc.dicom.encoding.TransferSyntax.of(first).encapsulated() || first.equals(SopClasses.DEFLATED_EXPLICIT_VR_LE))) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, first);
        }
        // Otherwise, of the uncompressed syntaxes, explicit VR little endian.
        if (pc.transferSyntaxes().contains(SopClasses.EXPLICIT_VR_LE)) {
            return new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, SopClasses.EXPLICIT_VR_LE);
        }
        for (String ts : pc.transferSyntaxes()) {
            if (supported.contains(ts)) {
                return new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE, ts);
            }
        }
        return new PresentationContextAc(pc.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, null);
    }
}
