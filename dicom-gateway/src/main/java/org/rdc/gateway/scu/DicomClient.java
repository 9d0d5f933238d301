package org.rdc.gateway.scu;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.DimseChannel;
import org.rdc.gateway.dimse.DimseChannel.Closed;
import org.rdc.gateway.dimse.DimseChannel.Command;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.ul.Association;
import org.rdc.gateway.ul.Association.PresentationContext;
import org.rdc.gateway.ul.AssociationException;
import org.rdc.gateway.ul.AssociationHandler;
import org.rdc.gateway.ul.Pdu;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.Pdu.RoleSelection;
import org.rdc.gateway.ul.Pdu.UserIdentity;
import org.rdc.gateway.ul.Pdu.UserInfo;
import org.rdc.gateway.ul.PduCodecHandler;
import org.rdc.gateway.ul.PduFrameDecoder;
import org.rdc.gateway.ul.UlSettings;

/**
 * The association requestor (SCU): opens an association, sends C-ECHO, C-STORE and N-EVENT-REPORT
 * requests one at a time and waits for each response, then releases. Used by {@code rdc dicom echo|send},
 * by Storage Commitment reports on a new association, and later to send signed reports back to facilities.
 *
 * <pre>
 * try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", 11112, "RDC", "ZHUSHAN_PACS")
 *         .storage(List.of(sopClassUid), List.of(transferSyntaxUid)))) {
 *     int status = c.store(Path.of("report.dcm"));
 * }
 * </pre>
 */
public final class DicomClient implements AutoCloseable {

    private static final class Shared {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(2,
                new DefaultThreadFactory("dicom-scu", true), NioIoHandler.newFactory());
    }

    private final Association association;
    private final DimseChannel dimse;
    private final AtomicInteger messageIds = new AtomicInteger();

    private DicomClient(Association association, Duration dimseTimeout) {
        this.association = association;
        this.dimse = new DimseChannel(association).timeout(dimseTimeout.toMillis());
    }

    /** What to ask for. Build with {@link #request}, add contexts, then {@link #open}. */
    public static final class Request {
        final String host;
        final int port;
        final String calledAe;
        String callingAe = "RDC";
        final List<PresentationContextRq> contexts = new ArrayList<>();
        final List<RoleSelection> roles = new ArrayList<>();
        UserIdentity identity;
        UlSettings ul = UlSettings.defaults();
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration dimseTimeout = Duration.ofSeconds(60);
        SslContext tls;

        Request(String host, int port, String calledAe) {
            this.host = host;
            this.port = port;
            this.calledAe = calledAe;
        }

        public Request callingAe(String ae) {
            this.callingAe = ae;
            return this;
        }

        /** A presentation context (ids are assigned 1, 3, 5, ... in order). */
        public Request context(String abstractSyntax, List<String> transferSyntaxes) {
            if (contexts.size() >= 128) {
                throw new IllegalArgumentException("at most 128 presentation contexts (PS3.8 9.3.2.2)");
            }
            contexts.add(new PresentationContextRq(2 * contexts.size() + 1, abstractSyntax, List.copyOf(transferSyntaxes)));
            return this;
        }

        public Request verification() {
            return context(SopClasses.VERIFICATION, List.of(SopClasses.EXPLICIT_VR_LE, SopClasses.IMPLICIT_VR_LE));
        }

        /** SCP/SCU role selection (PS3.7 D.3.3.4), e.g. SCP role for Storage Commitment reports on our association. */
        public Request role(String sopClassUid, boolean scu, boolean scp) {
            roles.add(new RoleSelection(sopClassUid, scu, scp));
            return this;
        }

        public Request userIdentity(String username, String passcode) {
            byte[] u = username.getBytes(StandardCharsets.UTF_8);
            this.identity = passcode == null
                    ? new UserIdentity(UserIdentity.USERNAME, true, u, new byte[0])
                    : new UserIdentity(UserIdentity.USERNAME_PASSCODE, true, u, passcode.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Request settings(UlSettings ul) {
            this.ul = ul;
            return this;
        }

        public Request dimseTimeout(Duration d) {
            this.dimseTimeout = d;
            return this;
        }

        public Request connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Request tls(SslContext tls) {
            this.tls = tls;
            return this;
        }
    }

    public static Request request(String host, int port, String calledAe) {
        return new Request(host, port, calledAe);
    }

    /**
     * Connects and negotiates (PS3.8 7.1: A-ASSOCIATE request, Evt1 then Evt2 of the state machine).
     *
     * @throws AssociationException (or its subclass {@code AssociationRejectedException}) when refused
     */
    public static DicomClient open(Request r) throws IOException {
        if (r.contexts.isEmpty()) {
            throw new IllegalArgumentException("no presentation context to propose");
        }
        UserInfo ui = new UserInfo(r.ul.maxPduLength(), Part10Writer.IMPLEMENTATION_CLASS_UID,
                Part10Writer.IMPLEMENTATION_VERSION_NAME, -1, -1, List.copyOf(r.roles), r.identity, null);
        AssociateRq rq = new AssociateRq(1, r.calledAe, r.callingAe, Pdu.DICOM_APPLICATION_CONTEXT, List.copyOf(r.contexts), ui);
        Association[] holder = new Association[1];
        Bootstrap b = new Bootstrap()
                .group(Shared.GROUP)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) r.connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PduFrameDecoder frames = new PduFrameDecoder(r.ul.maxAssociatePdu(), r.ul.maxPduLength());
                        Association a = new Association(ch, true, r.ul, null, frames, null);
                        holder[0] = a;
                        if (r.tls != null) {
                            ch.pipeline().addLast(r.tls.newHandler(ch.alloc(), r.host, r.port));
                        }
                        ch.pipeline().addLast(frames, new PduCodecHandler(), new AssociationHandler(a));
                        // Evt1: A-ASSOCIATE request primitive; the connect below is AE-1's transport connect.
                        a.handle(org.rdc.gateway.ul.StateMachine.Event.EVT1, rq);
                    }
                });
        ChannelFuture connect = b.connect(r.host, r.port).awaitUninterruptibly();
        if (!connect.isSuccess()) {
            throw new IOException("cannot connect to " + r.host + ":" + r.port + ": " + connect.cause().getMessage(),
                    connect.cause());
        }
        Association a = holder[0];
        try {
            a.established().get(r.dimseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            connect.channel().close();
            if (e.getCause() instanceof AssociationException ae) {
                throw ae;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            connect.channel().close();
            throw new IOException("no A-ASSOCIATE answer from " + r.host + ":" + r.port + " within " + r.dimseTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connect.channel().close();
            throw new IOException("interrupted");
        }
        return new DicomClient(a, r.dimseTimeout);
    }

    public Association association() {
        return association;
    }

    /** The DIMSE layer, for requests the peer sends us on this association (e.g. N-EVENT-REPORT). */
    public DimseChannel dimse() {
        return dimse;
    }

    /** The accepted context for an abstract syntax (and one of the transfer syntaxes, when given). */
    public PresentationContext context(String abstractSyntax, String transferSyntax) {
        PresentationContext any = null;
        for (PresentationContext pc : association.presentationContexts().values()) {
            if (pc.abstractSyntax().equals(abstractSyntax)) {
                if (transferSyntax == null || pc.transferSyntax().equals(transferSyntax)) {
                    return pc;
                }
                any = any == null ? pc : any;
            }
        }
        return transferSyntax == null ? any : null;
    }

    /** C-ECHO (PS3.7 9.1.5); returns the status. */
    public int echo() throws IOException {
        PresentationContext pc = context(SopClasses.VERIFICATION, null);
        if (pc == null) {
            throw new IOException("Verification was not accepted");
        }
        DataSet rq = Dimse.command(Dimse.C_ECHO_RQ, Dimse.NO_DATA_SET);
        rq.setString(Dimse.AffectedSOPClassUID, VR.UI, SopClasses.VERIFICATION);
        return request(pc.id(), rq, null).getInt(Dimse.Status, -1);
    }

    /** C-STORE (PS3.7 9.1.1) of a data set given as its bytes in {@code transferSyntax}; returns the response command. */
    public DataSet store(String sopClassUid, String sopInstanceUid, String transferSyntax, InputStream dataSet)
            throws IOException {
        PresentationContext pc = context(sopClassUid, transferSyntax);
        if (pc == null) {
            throw new IOException("no accepted presentation context for " + sopClassUid + " in " + transferSyntax);
        }
        DataSet rq = Dimse.command(Dimse.C_STORE_RQ, 0x0000);
        rq.setString(Dimse.AffectedSOPClassUID, VR.UI, sopClassUid);
        rq.setInt(Dimse.Priority, VR.US, 0);
        rq.setString(Dimse.AffectedSOPInstanceUID, VR.UI, sopInstanceUid);
        return request(pc.id(), rq, dataSet);
    }

    /** C-STORE of a DICOM file (its data set bytes as they are in the file, no transcoding); returns the status. */
    public int store(java.nio.file.Path file) throws IOException {
        DicomFiles.Info info = DicomFiles.inspect(file);
        try (InputStream in = DicomFiles.dataSetStream(file, info)) {
            return store(info.sopClassUid(), info.sopInstanceUid(), info.transferSyntaxUid(), in).getInt(Dimse.Status, -1);
        }
    }

    /** Sends one request (command, optional data set) and waits for its response command. */
    public synchronized DataSet request(int pcId, DataSet command, InputStream dataSet) throws IOException {
        int id = messageIds.incrementAndGet() & 0xFFFF;
        command.setInt(Dimse.MessageID, VR.US, id);
        if (dataSet != null) {
            command.setInt(Dimse.CommandDataSetType, VR.US, 0x0000);
            dimse.send(pcId, command, dataSet);
        } else {
            dimse.sendCommand(pcId, command);
        }
        while (true) {
            DimseChannel.Incoming in;
            try {
                in = dimse.readCommand();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                association.abort();
                throw new IOException("interrupted");
            }
            if (in instanceof Closed c) {
                throw new AssociationException("association ended before the response: " + c.reason());
            }
            if (in instanceof DimseChannel.Release) {
                association.releaseResponse();
                continue;
            }
            Command c = (Command) in;
            if (Dimse.hasDataSet(c.command())) {
                DimseChannel.DataInput d = dimse.dataSet(c.pcId());
                d.discard();
                d.close();
            }
            if (c.command().getInt(Dimse.MessageIDBeingRespondedTo, -1) == id) {
                return c.command();
            }
        }
    }

    /** A-RELEASE (PS3.8 7.2); waits for the confirmation, aborts if none comes. */
    public void release() {
        if (association.state() == org.rdc.gateway.ul.StateMachine.State.STA6) {
            association.release();
            try {
                association.ended().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                association.abort();
            }
        }
        association.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    public void abort() {
        association.abort();
        association.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Channel ch = association.channel();
        if (ch.isActive()) {
            release();
        }
        association.discardUntilEnded(0);
    }
}
