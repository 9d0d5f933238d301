package org.rdc.reports.signing;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;

/**
 * What a signature shows on the page when it fills a signature field the rendering reserved for it
 * (ISO 32000-1 §12.7.4.5, §12.5.5: the widget's normal appearance). The stream's BBox is the field's
 * rectangle; whatever it draws becomes part of the signer's incremental update, so what was signed
 * before does not change.
 */
@FunctionalInterface
public interface SignatureAppearance {

    void draw(PDDocument document, PDAppearanceStream stream) throws IOException;
}
