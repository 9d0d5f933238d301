package org.rdc.gateway.ul;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.rdc.gateway.ul.Pdu.Abort;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRj;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PDataTf;
import org.rdc.gateway.ul.Pdu.ReleaseRp;
import org.rdc.gateway.ul.Pdu.ReleaseRq;
import org.rdc.gateway.ul.PduFrameDecoder.PduError;
import org.rdc.gateway.ul.StateMachine.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third pipeline stage: turns what the transport and the PDU codec report into the events of PS3.8
 * Table 9-10 (Evt2/Evt5 connect, Evt3/4/6/10/12/13/16 PDUs, Evt17 close, Evt19 invalid PDU) and hands
 * them to the {@link Association}. Also runs the idle check of an established association.
 */
public final class AssociationHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AssociationHandler.class);

    private final Association association;
    private ScheduledFuture<?> idleCheck;

    public AssociationHandler(Association association) {
        this.association = association;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        association.handle(association.requestor() ? Event.EVT2 : Event.EVT5, null);
        long period = Math.max(100, association.settings().idleTimeout().toMillis() / 4);
        idleCheck = ctx.executor().scheduleAtFixedRate(association::idleCheck, period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Event event = msg instanceof AssociateRq ? Event.EVT6
                : msg instanceof AssociateAc ? Event.EVT3
                : msg instanceof AssociateRj ? Event.EVT4
                : msg instanceof PDataTf ? Event.EVT10
                : msg instanceof ReleaseRq ? Event.EVT12
                : msg instanceof ReleaseRp ? Event.EVT13
                : msg instanceof Abort ? Event.EVT16
                : msg instanceof PduError ? Event.EVT19
                : null;
        if (event == null) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        association.handle(event, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        association.handle(Event.EVT17, null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{}: transport error: {}", association, cause.toString());
        } else if (cause instanceof io.netty.handler.codec.DecoderException) {
            // e.g. plain TCP on a TLS port, a failed TLS handshake
            log.warn("{}: connection dropped: {}", association, cause.getCause() != null ? cause.getCause().toString()
                    : cause.toString());
        } else {
            log.warn("{}: pipeline error", association, cause);
        }
        ctx.close();
    }
}
