package org.rdc.gateway.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.parser.DataSetParser;

/**
 * DIMSE command sets (PS3.7 section 9.3 for C-services, 10.3 for N-services, Annex E for the command
 * dictionary): group 0000 elements, always implicit VR little endian (PS3.7 6.3.1).
 */
public final class Dimse {

    private Dimse() {
    }

    // PS3.7 E.1 command elements
    public static final int CommandGroupLength = 0x00000000;
    public static final int AffectedSOPClassUID = 0x00000002;
    public static final int RequestedSOPClassUID = 0x00000003;
    public static final int CommandField = 0x00000100;
    public static final int MessageID = 0x00000110;
    public static final int MessageIDBeingRespondedTo = 0x00000120;
    public static final int Priority = 0x00000700;
    public static final int CommandDataSetType = 0x00000800;
    public static final int Status = 0x00000900;
    public static final int OffendingElement = 0x00000901;
    public static final int ErrorComment = 0x00000902;
    public static final int AffectedSOPInstanceUID = 0x00001000;
    public static final int RequestedSOPInstanceUID = 0x00001001;
    public static final int EventTypeID = 0x00001002;
    public static final int ActionTypeID = 0x00001008;
    public static final int MoveOriginatorApplicationEntityTitle = 0x00001030;
    public static final int MoveOriginatorMessageID = 0x00001031;

    // PS3.7 E.1 command field values
    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_EVENT_REPORT_RSP = 0x8100;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_ACTION_RSP = 0x8130;
    public static final int C_CANCEL_RQ = 0x0FFF;

    /** (0000,0800) value meaning "no data set" (PS3.7 E.1); any other value means one follows. */
    public static final int NO_DATA_SET = 0x0101;

    // PS3.7 Annex C and PS3.4 B.2.3 status codes
    public static final int SUCCESS = 0x0000;
    public static final int OUT_OF_RESOURCES = 0xA700;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    public static final int CANNOT_UNDERSTAND = 0xC000;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int NO_SUCH_ACTION_TYPE = 0x0123;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int MISTYPED_ARGUMENT = 0x0212;
    public static final int INVALID_ARGUMENT_VALUE = 0x0115;
    /** PS3.7 C.5 general failure status "Refused: Not authorized". */
    public static final int NOT_AUTHORIZED = 0x0124;

    public static boolean hasDataSet(DataSet command) {
        return command.getInt(CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    public static String commandName(int field) {
        return switch (field) {
            case C_STORE_RQ -> "C-STORE-RQ";
            case C_STORE_RSP -> "C-STORE-RSP";
            case C_GET_RQ -> "C-GET-RQ";
            case C_FIND_RQ -> "C-FIND-RQ";
            case C_MOVE_RQ -> "C-MOVE-RQ";
            case C_ECHO_RQ -> "C-ECHO-RQ";
            case C_ECHO_RSP -> "C-ECHO-RSP";
            case N_EVENT_REPORT_RQ -> "N-EVENT-REPORT-RQ";
            case N_EVENT_REPORT_RSP -> "N-EVENT-REPORT-RSP";
            case N_ACTION_RQ -> "N-ACTION-RQ";
            case N_ACTION_RSP -> "N-ACTION-RSP";
            case C_CANCEL_RQ -> "C-CANCEL-RQ";
            default -> String.format("command 0x%04X", field);
        };
    }

    /** A new command set with the group length placeholder that the writer fills in. */
    public static DataSet command(int field, int dataSetType) {
        DataSet c = new DataSet();
        c.put(new DataElement(CommandGroupLength, VR.UL, new byte[4]));
        c.setInt(CommandField, VR.US, field);
        c.setInt(CommandDataSetType, VR.US, dataSetType);
        return c;
    }

    /** A response to {@code rq}: the responded message ID, affected SOP class/instance copied, status. */
    public static DataSet response(DataSet rq, int field, int status) {
        DataSet c = command(field, NO_DATA_SET);
        c.setInt(MessageIDBeingRespondedTo, VR.US, rq.getInt(MessageID, 0));
        String cls = rq.getString(AffectedSOPClassUID) != null ? rq.getString(AffectedSOPClassUID) : rq.getString(RequestedSOPClassUID);
        if (cls != null) {
            c.setString(AffectedSOPClassUID, VR.UI, cls);
        }
        String inst = rq.getString(AffectedSOPInstanceUID) != null ? rq.getString(AffectedSOPInstanceUID)
                : rq.getString(RequestedSOPInstanceUID);
        if (inst != null) {
            c.setString(AffectedSOPInstanceUID, VR.UI, inst);
        }
        c.setInt(Status, VR.US, status);
        return c;
    }

    /** Sets (0000,0902) Error Comment, cut to the 64 characters of LO. */
    public static DataSet errorComment(DataSet c, String comment) {
        if (comment != null && !comment.isEmpty()) {
            String ascii = comment.replaceAll("[^\\x20-\\x7E]", "?").replace('\\', '/');
            c.setString(ErrorComment, VR.LO, ascii.length() > 64 ? ascii.substring(0, 64) : ascii);
        }
        return c;
    }

    public static byte[] encode(DataSet command) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            new DataSetWriter(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(command, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a command set; malformed input fails with the codec's exception. */
    public static DataSet decode(byte[] bytes) throws IOException {
        DataSetParser parser = new DataSetParser(new ByteArrayInputStream(bytes), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                0, bytes.length);
        return new DataSetReader().read(parser);
    }
}
