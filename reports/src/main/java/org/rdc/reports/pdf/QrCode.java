package org.rdc.reports.pdf;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * A QR code (ISO/IEC 18004) drawn as vector squares, so it prints sharp at any size and needs no
 * image. Error correction M survives a crease or a stamp over a corner. The four-module quiet zone
 * the standard asks for (§6.3.8) is left white around it by the caller's layout.
 */
final class QrCode {

    static final int QUIET_ZONE = 4;

    private final BitMatrix matrix;

    QrCode(String text) {
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0,
                            EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode the verification URL as a QR code: " + e.getMessage(), e);
        }
    }

    int modules() {
        return matrix.getWidth();
    }

    /** Fills the dark modules, {@code (x, top)} the top left corner in PDF user space, {@code size} the side. */
    void draw(PDPageContentStream cs, float x, float top, float size) throws IOException {
        int n = matrix.getWidth();
        float m = size / n;
        for (int row = 0; row < n; row++) {
            int col = 0;
            while (col < n) {
                if (!matrix.get(col, row)) {
                    col++;
                    continue;
                }
                int start = col;
                while (col < n && matrix.get(col, row)) {
                    col++;
                }
                cs.addRect(x + start * m, top - (row + 1) * m, (col - start) * m, m);
            }
        }
        cs.fill();
    }
}
