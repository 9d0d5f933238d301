package org.rdc.gateway.ul;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * First pipeline stage: cuts the byte stream into PDUs by their 6-byte header (PS3.8 9.3.1). The
 * declared length is checked against our limit for that PDU type BEFORE anything waits for or holds
 * the body: a P-DATA-TF longer than the maximum length we announced (PS3.8 D.1), an association PDU
 * longer than {@code maxAssociatePdu}, or a fixed-size PDU of the wrong size becomes a {@link PduError}
 * at once, and every byte after it is discarded. Bytes are only ever held as they arrive, never
 * allocated from a declared length.
 */
public final class PduFrameDecoder extends ByteToMessageDecoder {

    /** An unrecognized or invalid PDU: event Evt19 for the state machine. */
    public record PduError(int abortReason, String message) {
    }

    private final int maxAssociatePdu;
    private volatile long maxPDataPdu;
    private boolean failed;

    public PduFrameDecoder(int maxAssociatePdu, long maxPDataPdu) {
        this.maxAssociatePdu = maxAssociatePdu;
        this.maxPDataPdu = maxPDataPdu;
        // PDUs up to hundreds of KiB arrive in many reads: keep the reads as components instead of copying
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /** The maximum P-DATA-TF length we announced (0 = unlimited is never announced by us). */
    public void maxPDataPdu(long max) {
        this.maxPDataPdu = max;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 6) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            long length = in.getUnsignedInt(start + 2);
            String problem = check(type, length);
            if (problem != null) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(new PduError(type >= 1 && type <= 7 ? Pdu.Abort.REASON_INVALID_PARAMETER_VALUE
                        : Pdu.Abort.REASON_UNRECOGNIZED_PDU, problem));
                return;
            }
            if (in.readableBytes() < 6 + length) {
                return;
            }
            out.add(in.retainedSlice(start, 6 + (int) length));
            in.skipBytes(6 + (int) length);
        }
    }

    private String check(int type, long length) {
        switch (type) {
            case Pdu.A_ASSOCIATE_RQ, Pdu.A_ASSOCIATE_AC -> {
                if (length > maxAssociatePdu) {
                    return "association PDU declares " + length + " bytes, limit " + maxAssociatePdu;
                }
                if (length < 68) {
                    return "association PDU declares " + length + " bytes, shorter than its fixed part";
                }
            }
            case Pdu.P_DATA_TF -> {
                if (length > maxPDataPdu) {
                    return "P-DATA-TF declares " + length + " bytes, above the maximum length " + maxPDataPdu
                            + " negotiated (PS3.8 D.1)";
                }
            }
            case Pdu.A_ASSOCIATE_RJ, Pdu.A_RELEASE_RQ, Pdu.A_RELEASE_RP, Pdu.A_ABORT -> {
                if (length != 4) {
                    return "PDU type " + type + " declares " + length + " bytes (must be 4)";
                }
            }
            default -> {
                return "unrecognized PDU type 0x" + Integer.toHexString(type);
            }
        }
        return null;
    }
}
