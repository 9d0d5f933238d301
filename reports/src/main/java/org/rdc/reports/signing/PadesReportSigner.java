package org.rdc.reports.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneId;
import java.util.GregorianCalendar;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Signs with PDFBox's external signing (ISO 32000-2 §12.8): an invisible signature field per
 * signature (or, for the first, the reserved field it is given, shown with its appearance),
 * SubFilter ETSI.CAdES.detached, the CMS from {@link CadesSignature}; each signature is its own
 * incremental update, the SM2 one after (and so over) the PAdES one.
 */
public final class PadesReportSigner implements ReportSigner {

    /** Room for the CMS: two certificates, the timestamp token with its two, and slack. */
    private static final int SIGNATURE_SIZE = 24 * 1024;
    /** The claimed signing time is written in the centre's zone, as the paper shows it. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final SigningCredentials credentials;
    private final TimeStamper timeStamper;
    private final Clock clock;

    public PadesReportSigner(SigningCredentials credentials, TimeStamper timeStamper, Clock clock) {
        this.credentials = credentials;
        this.timeStamper = timeStamper;
        this.clock = clock;
    }

    @Override
    public byte[] sign(byte[] pdf, String signerUsername, SignerRole role, String field, SignatureAppearance appearance) {
        List<SigningCredential> usable = credentials.forSigning(signerUsername);
        byte[] signed = pdf;
        boolean first = true;
        for (SigningCredential credential : usable) {
            signed = signOnce(signed, credential, role, first ? field : null, appearance);
            first = false;
        }
        return signed;
    }

    private byte[] signOnce(byte[] pdf, SigningCredential credential, SignerRole role, String fieldName, SignatureAppearance appearance) {
        try (PDDocument document = load(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(commonName(credential.certificate()));
            signature.setReason(reason(role));
            signature.setSignDate(GregorianCalendar.from(clock.instant().atZone(CHINA)));
            options.setPreferredSignatureSize(SIGNATURE_SIZE);
            PDSignatureField reserved = fieldName == null || appearance == null ? null : reservedField(document, fieldName);
            PDRectangle slot = null;
            if (reserved != null) {
                // PDFBox signs the field whose value is this signature (its SignExistingEmptyField pattern).
                slot = reserved.getWidgets().get(0).getRectangle();
                reserved.getCOSObject().setItem(COSName.V, signature);
            }
            document.addSignature(signature, options);
            if (reserved != null) {
                show(document, reserved, slot, appearance);
            }
            printable(document, signature);

            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * SIGNATURE_SIZE + 8192);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            byte[] cms = CadesSignature.create(external.getContent().readAllBytes(), credential, timeStamper);
            if (cms.length > SIGNATURE_SIZE) {
                throw new SigningException(SigningException.Reason.KEY_STORE, "the signature (" + cms.length + " bytes) does not fit its field");
            }
            external.setSignature(cms);
            return out.toByteArray();
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.BAD_DOCUMENT, "cannot sign this PDF: " + e.getMessage(), e);
        }
    }

    /** The unsigned signature field of that name, or null. */
    private static PDSignatureField reservedField(PDDocument document, String name) throws IOException {
        for (PDSignatureField field : document.getSignatureFields()) {
            if (name.equals(field.getPartialName()) && field.getSignature() == null && !field.getWidgets().isEmpty()) {
                return field;
            }
        }
        return null;
    }

    /**
     * addSignature prepared the field as invisible (a zero Rect, an empty appearance): give it back its
     * rectangle and the signer's appearance, and mark what changed for the incremental update.
     */
    private static void show(PDDocument document, PDSignatureField field, PDRectangle slot, SignatureAppearance appearance)
            throws IOException {
        PDAnnotationWidget widget = field.getWidgets().get(0);
        widget.setRectangle(slot);
        PDAppearanceStream stream = new PDAppearanceStream(document);
        stream.setBBox(new PDRectangle(slot.getWidth(), slot.getHeight()));
        stream.setResources(new PDResources());
        appearance.draw(document, stream);
        PDAppearanceDictionary dictionary = new PDAppearanceDictionary();
        dictionary.setNormalAppearance(stream);
        widget.setAppearance(dictionary);
        field.getCOSObject().setNeedToBeUpdated(true);
        widget.getCOSObject().setNeedToBeUpdated(true);
    }

    /** The role as the signature dictionary's Reason; {@link PdfSignatureVerifier} reads it back. */
    static String reason(SignerRole role) {
        return role.chineseName() + " " + role.name();
    }

    /**
     * PDF/A (ISO 19005-2 §6.3.2) wants every annotation printable, the invisible signature widget too;
     * its zero-size Rect exempts it from needing an appearance (§6.3.3).
     */
    private static void printable(PDDocument document, PDSignature signature) throws IOException {
        for (PDSignatureField field : document.getSignatureFields()) {
            if (field.getSignature() != null && field.getSignature().getCOSObject() == signature.getCOSObject()) {
                for (PDAnnotationWidget widget : field.getWidgets()) {
                    widget.setPrinted(true);
                }
            }
        }
    }

    private static PDDocument load(byte[] pdf) {
        try {
            return Loader.loadPDF(pdf);
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.BAD_DOCUMENT, "not a PDF that can be signed: " + e.getMessage(), e);
        }
    }

    static String commonName(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        return name.getRDNs(BCStyle.CN).length == 0 ? name.toString() : IETFUtils.valueToString(name.getRDNs(BCStyle.CN)[0].getFirst().getValue());
    }
}
