package org.rdc.gateway.ul;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The seven Upper Layer PDUs of PS3.8 section 9.3 and the items they carry (PS3.8 9.3.2-9.3.3,
 * Annex D.3.3 for the user information sub-items). Decoding and encoding: {@link PduCodec}.
 */
public sealed interface Pdu {

    int A_ASSOCIATE_RQ = 0x01;
    int A_ASSOCIATE_AC = 0x02;
    int A_ASSOCIATE_RJ = 0x03;
    int P_DATA_TF = 0x04;
    int A_RELEASE_RQ = 0x05;
    int A_RELEASE_RP = 0x06;
    int A_ABORT = 0x07;

    /** PS3.7 A.2.1: the one application context name of DICOM. */
    String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    /** A-ASSOCIATE-RQ (PS3.8 9.3.2). */
    record AssociateRq(int protocolVersion, String calledAe, String callingAe, String applicationContext,
                       List<PresentationContextRq> presentationContexts, UserInfo userInfo) implements Pdu {
    }

    /** A-ASSOCIATE-AC (PS3.8 9.3.3); called/calling AE titles are echoed from the request. */
    record AssociateAc(int protocolVersion, String calledAe, String callingAe, String applicationContext,
                       List<PresentationContextAc> presentationContexts, UserInfo userInfo) implements Pdu {
    }

    /** A-ASSOCIATE-RJ (PS3.8 9.3.4): result, source and reason as in Table 9-21. */
    record AssociateRj(int result, int source, int reason) implements Pdu {
        public static final int PERMANENT = 1;
        public static final int TRANSIENT = 2;
        /** Source 1: DICOM UL service-user. Reasons: 1 no reason, 2 application context not supported,
         *  3 calling AE title not recognized, 7 called AE title not recognized. */
        public static final int SOURCE_SERVICE_USER = 1;
        /** Source 2: service-provider (ACSE related). Reasons: 1 no reason, 2 protocol version not supported. */
        public static final int SOURCE_PROVIDER_ACSE = 2;
        /** Source 3: service-provider (presentation related). Reasons: 1 temporary congestion, 2 local limit exceeded. */
        public static final int SOURCE_PROVIDER_PRESENTATION = 3;

        public static final int REASON_NO_REASON = 1;
        public static final int REASON_APP_CONTEXT_NOT_SUPPORTED = 2;
        public static final int REASON_CALLING_AE_NOT_RECOGNIZED = 3;
        public static final int REASON_CALLED_AE_NOT_RECOGNIZED = 7;
        public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
        public static final int REASON_TEMPORARY_CONGESTION = 1;
        public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

        public String describe() {
            String src = switch (source) {
                case 1 -> "service-user";
                case 2 -> "service-provider (ACSE)";
                case 3 -> "service-provider (presentation)";
                default -> "source " + source;
            };
            String why = switch (source * 16 + reason) {
                case 0x11 -> "no reason given";
                case 0x12 -> "application context name not supported";
                case 0x13 -> "calling AE title not recognized";
                case 0x17 -> "called AE title not recognized";
                case 0x21 -> "no reason given";
                case 0x22 -> "protocol version not supported";
                case 0x31 -> "temporary congestion";
                case 0x32 -> "local limit exceeded";
                default -> "reason " + reason;
            };
            return (result == PERMANENT ? "rejected-permanent" : "rejected-transient") + ", " + src + ": " + why;
        }
    }

    /**
     * P-DATA-TF (PS3.8 9.3.5): one or more presentation data values. The PDV data are retained slices of
     * the received buffer; whoever consumes a PDV releases it.
     */
    record PDataTf(List<Pdv> pdvs) implements Pdu {
    }

    /** One PDV item (PS3.8 9.3.5.1, message control header of Annex E.2). */
    record Pdv(int presentationContextId, boolean command, boolean last, ByteBuf data) {
    }

    record ReleaseRq() implements Pdu {
    }

    record ReleaseRp() implements Pdu {
    }

    /** A-ABORT (PS3.8 9.3.8): source 0 service-user, 2 service-provider; reason only for source 2 (Table 9-26). */
    record Abort(int source, int reason) implements Pdu {
        public static final int SOURCE_USER = 0;
        public static final int SOURCE_PROVIDER = 2;
        public static final int REASON_NOT_SPECIFIED = 0;
        public static final int REASON_UNRECOGNIZED_PDU = 1;
        public static final int REASON_UNEXPECTED_PDU = 2;
        public static final int REASON_UNRECOGNIZED_PARAMETER = 4;
        public static final int REASON_UNEXPECTED_PARAMETER = 5;
        public static final int REASON_INVALID_PARAMETER_VALUE = 6;

        public String describe() {
            if (source != SOURCE_PROVIDER) {
                return source == SOURCE_USER ? "service-user abort" : "abort, source " + source;
            }
            return "service-provider abort: " + switch (reason) {
                case 0 -> "reason not specified";
                case 1 -> "unrecognized PDU";
                case 2 -> "unexpected PDU";
                case 4 -> "unrecognized PDU parameter";
                case 5 -> "unexpected PDU parameter";
                case 6 -> "invalid PDU parameter value";
                default -> "reason " + reason;
            };
        }
    }

    /** Presentation context item of a request (PS3.8 9.3.2.2). */
    record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
    }

    /** Presentation context item of an accept (PS3.8 9.3.3.2); result per Table 9-18. */
    record PresentationContextAc(int id, int result, String transferSyntax) {
        public static final int ACCEPTANCE = 0;
        public static final int USER_REJECTION = 1;
        public static final int NO_REASON = 2;
        public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
        public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

        public boolean accepted() {
            return result == ACCEPTANCE;
        }
    }

    /** SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4). */
    record RoleSelection(String sopClassUid, boolean scu, boolean scp) {
    }

    /**
     * User Identity Negotiation (PS3.7 D.3.3.7): type 1 username, 2 username and passcode, 3 Kerberos,
     * 4 SAML, 5 JWT. In an A-ASSOCIATE-AC only {@code serverResponse} is used.
     */
    record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {
        public static final int USERNAME = 1;
        public static final int USERNAME_PASSCODE = 2;
    }

    /**
     * User Information item (PS3.8 9.3.2.3, PS3.7 D.3.3): maximum length (0 = unlimited), implementation
     * class UID and version name, asynchronous operations window (0 = unlimited; -1 when the item is absent),
     * role selections, user identity (request) or server response (accept; null when absent).
     */
    record UserInfo(long maxPduLength, String implementationClassUid, String implementationVersionName,
                    int maxOperationsInvoked, int maxOperationsPerformed, List<RoleSelection> roleSelections,
                    UserIdentity userIdentity, byte[] userIdentityServerResponse) {

        public boolean hasAsyncWindow() {
            return maxOperationsInvoked >= 0;
        }
    }
}
