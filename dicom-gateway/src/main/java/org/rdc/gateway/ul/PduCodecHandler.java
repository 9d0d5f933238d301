package org.rdc.gateway.ul;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.rdc.gateway.ul.PduFrameDecoder.PduError;

/** Second pipeline stage: one framed PDU to a {@link Pdu} and back ({@link PduCodec}); decode errors become {@link PduError}. */
public final class PduCodecHandler extends MessageToMessageCodec<ByteBuf, Pdu> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        out.add(PduCodec.encode(pdu, ctx.alloc()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(PduCodec.decode(frame));
        } catch (PduException e) {
            out.add(new PduError(e.abortReason(), e.getMessage()));
        }
    }
}
