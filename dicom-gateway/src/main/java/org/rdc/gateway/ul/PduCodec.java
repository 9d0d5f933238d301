package org.rdc.gateway.ul;

import static org.rdc.gateway.ul.Pdu.Abort.REASON_INVALID_PARAMETER_VALUE;
import static org.rdc.gateway.ul.Pdu.Abort.REASON_UNRECOGNIZED_PARAMETER;
import static org.rdc.gateway.ul.Pdu.Abort.REASON_UNRECOGNIZED_PDU;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rdc.gateway.ul.Pdu.Abort;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRj;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PDataTf;
import org.rdc.gateway.ul.Pdu.Pdv;
import org.rdc.gateway.ul.Pdu.PresentationContextAc;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.Pdu.ReleaseRp;
import org.rdc.gateway.ul.Pdu.ReleaseRq;
import org.rdc.gateway.ul.Pdu.RoleSelection;
import org.rdc.gateway.ul.Pdu.UserIdentity;
import org.rdc.gateway.ul.Pdu.UserInfo;

/**
 * Binary encoding of the PDUs of PS3.8 section 9.3 (all big endian) and of the user information
 * sub-items of PS3.7 Annex D.3.3. Decoding takes one complete PDU as framed by {@link PduFrameDecoder}
 * and checks every length against its enclosing item before reading, so nothing is allocated from a
 * declared length.
 */
public final class PduCodec {

    /** PS3.8 9.3.2: UIDs in items are at most 64 characters. */
    private static final int MAX_UID = 64;
    /** Limits on repeated items a peer may send: far above any real request, well below harm. */
    private static final int MAX_PRESENTATION_CONTEXTS = 128;
    private static final int MAX_TRANSFER_SYNTAXES = 64;
    private static final int MAX_ROLE_SELECTIONS = 128;

    private PduCodec() {
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes one whole PDU (header included); P-DATA values are retained slices of {@code frame}. */
    public static Pdu decode(ByteBuf frame) throws PduException {
        int type = frame.getUnsignedByte(frame.readerIndex());
        long length = frame.getUnsignedInt(frame.readerIndex() + 2);
        if (length != frame.readableBytes() - 6) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "PDU length " + length + " does not match its frame");
        }
        ByteBuf body = frame.slice(frame.readerIndex() + 6, (int) length);
        return switch (type) {
            case Pdu.A_ASSOCIATE_RQ -> decodeAssociateRq(body);
            case Pdu.A_ASSOCIATE_AC -> decodeAssociateAc(body);
            case Pdu.A_ASSOCIATE_RJ -> {
                fixed(body, 4, "A-ASSOCIATE-RJ");
                yield new AssociateRj(body.getUnsignedByte(1), body.getUnsignedByte(2), body.getUnsignedByte(3));
            }
            case Pdu.P_DATA_TF -> decodePData(body);
            case Pdu.A_RELEASE_RQ -> {
                fixed(body, 4, "A-RELEASE-RQ");
                yield new ReleaseRq();
            }
            case Pdu.A_RELEASE_RP -> {
                fixed(body, 4, "A-RELEASE-RP");
                yield new ReleaseRp();
            }
            case Pdu.A_ABORT -> {
                fixed(body, 4, "A-ABORT");
                yield new Abort(body.getUnsignedByte(2), body.getUnsignedByte(3));
            }
            default -> throw new PduException(REASON_UNRECOGNIZED_PDU, "unrecognized PDU type 0x" + Integer.toHexString(type));
        };
    }

    private static void fixed(ByteBuf body, int length, String name) throws PduException {
        if (body.readableBytes() != length) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, name + " PDU of length " + body.readableBytes()
                    + " (must be " + length + ")");
        }
    }

    private static PDataTf decodePData(ByteBuf body) throws PduException {
        if (!body.isReadable()) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "P-DATA-TF without any PDV item");
        }
        List<Pdv> pdvs = new ArrayList<>(2);
        try {
            while (body.isReadable()) {
                if (body.readableBytes() < 6) {
                    throw new PduException(REASON_INVALID_PARAMETER_VALUE, "truncated PDV item header");
                }
                long itemLength = body.readUnsignedInt();
                if (itemLength < 2 || itemLength > body.readableBytes()) {
                    throw new PduException(REASON_INVALID_PARAMETER_VALUE, "PDV item length " + itemLength
                            + " outside the PDU (" + body.readableBytes() + " bytes left)");
                }
                int pcId = body.readUnsignedByte();
                int control = body.readUnsignedByte();
                if ((control & 0xFC) != 0) {
                    throw new PduException(REASON_INVALID_PARAMETER_VALUE, "PDV message control header 0x"
                            + Integer.toHexString(control) + " has reserved bits set");
                }
                if ((pcId & 1) == 0) {
                    throw new PduException(REASON_INVALID_PARAMETER_VALUE, "even presentation context ID " + pcId);
                }
                int dataLength = (int) itemLength - 2;
                pdvs.add(new Pdv(pcId, (control & 1) != 0, (control & 2) != 0, body.retainedSlice(body.readerIndex(), dataLength)));
                body.skipBytes(dataLength);
            }
        } catch (PduException e) {
            pdvs.forEach(p -> p.data().release());
            throw e;
        }
        return new PDataTf(List.copyOf(pdvs));
    }

    private record Header(int protocolVersion, String calledAe, String callingAe) {
    }

    private static Header associateHeader(ByteBuf body, String name) throws PduException {
        if (body.readableBytes() < 68) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, name + " shorter than its 68-byte fixed part");
        }
        int version = body.readUnsignedShort();
        body.skipBytes(2);
        String called = aeTitle(body.readSlice(16));
        String calling = aeTitle(body.readSlice(16));
        body.skipBytes(32);
        return new Header(version, called, calling);
    }

    private static AssociateRq decodeAssociateRq(ByteBuf body) throws PduException {
        Header h = associateHeader(body, "A-ASSOCIATE-RQ");
        String appContext = null;
        List<PresentationContextRq> contexts = new ArrayList<>();
        UserInfo userInfo = null;
        while (body.isReadable()) {
            int itemType = itemType(body);
            ByteBuf item = itemBody(body);
            switch (itemType) {
                case 0x10 -> appContext = uid(item, "application context name");
                case 0x20 -> {
                    if (contexts.size() >= MAX_PRESENTATION_CONTEXTS) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "more than " + MAX_PRESENTATION_CONTEXTS
                                + " presentation contexts");
                    }
                    contexts.add(presentationContextRq(item));
                }
                case 0x50 -> userInfo = userInfo(item);
                default -> throw new PduException(REASON_UNRECOGNIZED_PARAMETER, "unrecognized item type 0x"
                        + Integer.toHexString(itemType) + " in A-ASSOCIATE-RQ");
            }
        }
        if (appContext == null) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "A-ASSOCIATE-RQ without application context item");
        }
        if (contexts.isEmpty()) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "A-ASSOCIATE-RQ without presentation context");
        }
        if (userInfo == null) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "A-ASSOCIATE-RQ without user information item");
        }
        return new AssociateRq(h.protocolVersion, h.calledAe, h.callingAe, appContext, List.copyOf(contexts), userInfo);
    }

    private static AssociateAc decodeAssociateAc(ByteBuf body) throws PduException {
        Header h = associateHeader(body, "A-ASSOCIATE-AC");
        String appContext = null;
        List<PresentationContextAc> contexts = new ArrayList<>();
        UserInfo userInfo = null;
        while (body.isReadable()) {
            int itemType = itemType(body);
            ByteBuf item = itemBody(body);
            switch (itemType) {
                case 0x10 -> appContext = uid(item, "application context name");
                case 0x21 -> {
                    if (item.readableBytes() < 4) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "truncated presentation context item");
                    }
                    int id = item.readUnsignedByte();
                    item.skipBytes(1);
                    int result = item.readUnsignedByte();
                    item.skipBytes(1);
                    String ts = null;
                    while (item.isReadable()) {
                        int sub = itemType(item);
                        ByteBuf subBody = itemBody(item);
                        if (sub == 0x40) {
                            ts = subBody.isReadable() ? uid(subBody, "transfer syntax") : null;
                        }
                    }
                    if (contexts.size() >= MAX_PRESENTATION_CONTEXTS) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "too many presentation contexts");
                    }
                    contexts.add(new PresentationContextAc(id, result, ts));
                }
                case 0x50 -> userInfo = userInfo(item);
                default -> throw new PduException(REASON_UNRECOGNIZED_PARAMETER, "unrecognized item type 0x"
                        + Integer.toHexString(itemType) + " in A-ASSOCIATE-AC");
            }
        }
        if (userInfo == null) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "A-ASSOCIATE-AC without user information item");
        }
        return new AssociateAc(h.protocolVersion, h.calledAe, h.callingAe, appContext, List.copyOf(contexts), userInfo);
    }

    private static PresentationContextRq presentationContextRq(ByteBuf item) throws PduException {
        if (item.readableBytes() < 4) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "truncated presentation context item");
        }
        int id = item.readUnsignedByte();
        item.skipBytes(3);
        String abstractSyntax = null;
        List<String> ts = new ArrayList<>();
        while (item.isReadable()) {
            int sub = itemType(item);
            ByteBuf subBody = itemBody(item);
            switch (sub) {
                case 0x30 -> abstractSyntax = uid(subBody, "abstract syntax");
                case 0x40 -> {
                    if (ts.size() >= MAX_TRANSFER_SYNTAXES) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "more than " + MAX_TRANSFER_SYNTAXES
                                + " transfer syntaxes in presentation context " + id);
                    }
                    ts.add(uid(subBody, "transfer syntax"));
                }
                default -> throw new PduException(REASON_UNRECOGNIZED_PARAMETER, "unrecognized sub-item 0x"
                        + Integer.toHexString(sub) + " in presentation context " + id);
            }
        }
        if (abstractSyntax == null || ts.isEmpty()) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "presentation context " + id
                    + " needs an abstract syntax and at least one transfer syntax");
        }
        return new PresentationContextRq(id, abstractSyntax, List.copyOf(ts));
    }

    private static UserInfo userInfo(ByteBuf item) throws PduException {
        long maxLength = -1;
        String implUid = null;
        String implVersion = null;
        int invoked = -1;
        int performed = -1;
        List<RoleSelection> roles = new ArrayList<>();
        UserIdentity identity = null;
        byte[] serverResponse = null;
        while (item.isReadable()) {
            int sub = itemType(item);
            ByteBuf b = itemBody(item);
            switch (sub) {
                case 0x51 -> {
                    need(b, 4, "maximum length");
                    maxLength = b.readUnsignedInt();
                }
                case 0x52 -> implUid = uid(b, "implementation class UID");
                case 0x53 -> {
                    need(b, 4, "asynchronous operations window");
                    invoked = b.readUnsignedShort();
                    performed = b.readUnsignedShort();
                }
                case 0x54 -> {
                    need(b, 2, "role selection");
                    int uidLength = b.readUnsignedShort();
                    need(b, uidLength + 2, "role selection");
                    String uid = uid(b.readSlice(uidLength), "role selection SOP class");
                    boolean scu = b.readUnsignedByte() != 0;
                    boolean scp = b.readUnsignedByte() != 0;
                    if (roles.size() >= MAX_ROLE_SELECTIONS) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "too many role selection items");
                    }
                    roles.add(new RoleSelection(uid, scu, scp));
                }
                case 0x55 -> {
                    if (b.readableBytes() > 16) {
                        throw new PduException(REASON_INVALID_PARAMETER_VALUE, "implementation version name longer than 16");
                    }
                    implVersion = b.toString(StandardCharsets.US_ASCII).trim();
                }
                case 0x58 -> {
                    need(b, 4, "user identity");
                    int type = b.readUnsignedByte();
                    boolean positive = b.readUnsignedByte() != 0;
                    byte[] primary = lengthPrefixed(b, "user identity primary field");
                    byte[] secondary = b.isReadable() ? lengthPrefixed(b, "user identity secondary field") : new byte[0];
                    identity = new UserIdentity(type, positive, primary, secondary);
                }
                case 0x59 -> serverResponse = lengthPrefixed(b, "user identity server response");
                default -> {
                    // 0x56 / 0x57 extended negotiation and anything newer: not negotiated, ignored (PS3.7 D.3.3.5)
                }
            }
        }
        if (maxLength < 0) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "user information without maximum length sub-item");
        }
        return new UserInfo(maxLength, implUid, implVersion, invoked, performed, List.copyOf(roles), identity, serverResponse);
    }

    private static byte[] lengthPrefixed(ByteBuf b, String what) throws PduException {
        need(b, 2, what);
        int n = b.readUnsignedShort();
        need(b, n, what);
        byte[] out = new byte[n];
        b.readBytes(out);
        return out;
    }

    private static void need(ByteBuf b, int n, String what) throws PduException {
        if (b.readableBytes() < n) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "truncated " + what + " sub-item");
        }
    }

    private static int itemType(ByteBuf b) throws PduException {
        if (b.readableBytes() < 4) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "truncated item header");
        }
        return b.readUnsignedByte();
    }

    /** Reads the reserved byte and 2-byte length after the type, returns the item's body. */
    private static ByteBuf itemBody(ByteBuf b) throws PduException {
        b.skipBytes(1);
        int length = b.readUnsignedShort();
        if (length > b.readableBytes()) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, "item length " + length + " exceeds its enclosing PDU/item ("
                    + b.readableBytes() + " bytes left)");
        }
        return b.readSlice(length);
    }

    private static String uid(ByteBuf b, String what) throws PduException {
        int n = b.readableBytes();
        if (n == 0 || n > MAX_UID + 1) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, what + " UID of length " + n);
        }
        byte[] bytes = new byte[n];
        b.readBytes(bytes);
        int end = n;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            byte c = bytes[i];
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                throw new PduException(REASON_INVALID_PARAMETER_VALUE, what + " is not a UID");
            }
        }
        if (end == 0 || end > MAX_UID) {
            throw new PduException(REASON_INVALID_PARAMETER_VALUE, what + " UID of length " + end);
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private static String aeTitle(ByteBuf b) {
        byte[] bytes = new byte[16];
        b.readBytes(bytes);
        StringBuilder s = new StringBuilder(16);
        for (byte c : bytes) {
            // AE titles are the Default Character Repertoire without control characters (PS3.5 6.2)
            s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return s.toString().trim();
    }

    // ------------------------------------------------------------------ encoding

    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc) {
        if (pdu instanceof AssociateRq rq) {
            return associate(alloc, Pdu.A_ASSOCIATE_RQ, rq.protocolVersion(), rq.calledAe(), rq.callingAe(),
                    out -> {
                        item(out, 0x10, ascii(rq.applicationContext()));
                        for (PresentationContextRq pc : rq.presentationContexts()) {
                            int start = beginItem(out, 0x20);
                            out.writeByte(pc.id()).writeByte(0).writeByte(0).writeByte(0);
                            item(out, 0x30, ascii(pc.abstractSyntax()));
                            for (String ts : pc.transferSyntaxes()) {
                                item(out, 0x40, ascii(ts));
                            }
                            endItem(out, start);
                        }
                        userInfo(out, rq.userInfo());
                    });
        }
        if (pdu instanceof AssociateAc ac) {
            return associate(alloc, Pdu.A_ASSOCIATE_AC, ac.protocolVersion(), ac.calledAe(), ac.callingAe(),
                    out -> {
                        item(out, 0x10, ascii(ac.applicationContext()));
                        for (PresentationContextAc pc : ac.presentationContexts()) {
                            int start = beginItem(out, 0x21);
                            out.writeByte(pc.id()).writeByte(0).writeByte(pc.result()).writeByte(0);
                            // PS3.8 9.3.3.2: a rejected context still carries a transfer syntax sub-item (its value ignored)
                            item(out, 0x40, pc.transferSyntax() == null ? new byte[0] : ascii(pc.transferSyntax()));
                            endItem(out, start);
                        }
                        userInfo(out, ac.userInfo());
                    });
        }
        if (pdu instanceof AssociateRj rj) {
            return alloc.buffer(10).writeByte(Pdu.A_ASSOCIATE_RJ).writeByte(0).writeInt(4)
                    .writeByte(0).writeByte(rj.result()).writeByte(rj.source()).writeByte(rj.reason());
        }
        if (pdu instanceof ReleaseRq) {
            return alloc.buffer(10).writeByte(Pdu.A_RELEASE_RQ).writeByte(0).writeInt(4).writeInt(0);
        }
        if (pdu instanceof ReleaseRp) {
            return alloc.buffer(10).writeByte(Pdu.A_RELEASE_RP).writeByte(0).writeInt(4).writeInt(0);
        }
        if (pdu instanceof Abort ab) {
            return alloc.buffer(10).writeByte(Pdu.A_ABORT).writeByte(0).writeInt(4)
                    .writeByte(0).writeByte(0).writeByte(ab.source()).writeByte(ab.reason());
        }
        {
            PDataTf p = (PDataTf) pdu;
                int length = 0;
                for (Pdv pdv : p.pdvs()) {
                    length += 6 + pdv.data().readableBytes();
                }
                ByteBuf out = alloc.buffer(6 + length);
                out.writeByte(Pdu.P_DATA_TF).writeByte(0).writeInt(length);
                for (Pdv pdv : p.pdvs()) {
                    out.writeInt(2 + pdv.data().readableBytes());
                    out.writeByte(pdv.presentationContextId());
                    out.writeByte((pdv.command() ? 1 : 0) | (pdv.last() ? 2 : 0));
                    out.writeBytes(pdv.data(), pdv.data().readerIndex(), pdv.data().readableBytes());
                    pdv.data().release();
                }
            return out;
        }
    }

    /** The 6-byte PDU header plus the 6-byte PDV header of a P-DATA-TF with one PDV of {@code dataLength} bytes. */
    public static void writePDataHeader(ByteBuf out, int pcId, boolean command, boolean last, int dataLength) {
        out.writeByte(Pdu.P_DATA_TF).writeByte(0).writeInt(6 + dataLength);
        out.writeInt(2 + dataLength).writeByte(pcId).writeByte((command ? 1 : 0) | (last ? 2 : 0));
    }

    private interface Body {
        void write(ByteBuf out);
    }

    private static ByteBuf associate(ByteBufAllocator alloc, int type, int version, String called, String calling, Body body) {
        ByteBuf out = alloc.buffer(512);
        out.writeByte(type).writeByte(0).writeInt(0);
        out.writeShort(version).writeShort(0);
        out.writeBytes(ae(called)).writeBytes(ae(calling));
        out.writeZero(32);
        body.write(out);
        out.setInt(2, out.writerIndex() - 6);
        return out;
    }

    private static void userInfo(ByteBuf out, UserInfo ui) {
        int start = beginItem(out, 0x50);
        int s = beginItem(out, 0x51);
        out.writeInt((int) ui.maxPduLength());
        endItem(out, s);
        if (ui.implementationClassUid() != null) {
            item(out, 0x52, ascii(ui.implementationClassUid()));
        }
        if (ui.hasAsyncWindow()) {
            s = beginItem(out, 0x53);
            out.writeShort(ui.maxOperationsInvoked()).writeShort(ui.maxOperationsPerformed());
            endItem(out, s);
        }
        for (RoleSelection r : ui.roleSelections()) {
            s = beginItem(out, 0x54);
            byte[] uid = ascii(r.sopClassUid());
            out.writeShort(uid.length).writeBytes(uid).writeByte(r.scu() ? 1 : 0).writeByte(r.scp() ? 1 : 0);
            endItem(out, s);
        }
        if (ui.implementationVersionName() != null) {
            item(out, 0x55, ascii(ui.implementationVersionName()));
        }
        if (ui.userIdentity() != null) {
            UserIdentity id = ui.userIdentity();
            s = beginItem(out, 0x58);
            out.writeByte(id.type()).writeByte(id.positiveResponseRequested() ? 1 : 0);
            out.writeShort(id.primaryField().length).writeBytes(id.primaryField());
            out.writeShort(id.secondaryField().length).writeBytes(id.secondaryField());
            endItem(out, s);
        }
        if (ui.userIdentityServerResponse() != null) {
            s = beginItem(out, 0x59);
            out.writeShort(ui.userIdentityServerResponse().length).writeBytes(ui.userIdentityServerResponse());
            endItem(out, s);
        }
        endItem(out, start);
    }

    private static void item(ByteBuf out, int type, byte[] value) {
        out.writeByte(type).writeByte(0).writeShort(value.length).writeBytes(value);
    }

    private static int beginItem(ByteBuf out, int type) {
        out.writeByte(type).writeByte(0).writeShort(0);
        return out.writerIndex();
    }

    private static void endItem(ByteBuf out, int start) {
        out.setShort(start - 2, out.writerIndex() - start);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ae(String title) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] t = ascii(title == null ? "" : title);
        System.arraycopy(t, 0, b, 0, Math.min(16, t.length));
        return b;
    }
}
